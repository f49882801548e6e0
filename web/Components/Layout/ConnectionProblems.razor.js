// The reconnect dialog's behaviour (as ASP.NET Core's template has it): open while Blazor reconnects, retry or resume on a click,
// retry when the tab becomes visible again, and reload when the server no longer knows the circuit.
const dialog = document.getElementById('components-reconnect-modal');
dialog.addEventListener('components-reconnect-state-changed', event => {
  const state = event.detail.state;
  if (state === 'show' || state === 'paused') { if (!dialog.open) dialog.showModal(); }
  else if (state === 'hide') dialog.close();
  else if (state === 'failed') document.addEventListener('visibilitychange', retryWhenVisible);
  else if (state === 'rejected') location.reload();
});
document.getElementById('components-reconnect-button').addEventListener('click', retry);
document.getElementById('components-resume-button').addEventListener('click', resume);

async function retry() {
  document.removeEventListener('visibilitychange', retryWhenVisible);
  try {
    // true: reconnected; false: the server is back but has lost the circuit, so resume it or start afresh.
    if (!await Blazor.reconnect()) await resume();
  } catch {
    document.addEventListener('visibilitychange', retryWhenVisible);
  }
}

async function resume() {
  try {
    if (await Blazor.resumeCircuit()) dialog.close(); else location.reload();
  } catch {
    location.reload();
  }
}

async function retryWhenVisible() {
  if (document.visibilityState === 'visible') await retry();
}
