// The browser's time zone (IANA, e.g. Europe/Ljubljana): the facilitator types and reads closing times on this clock.
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
