using System.Diagnostics.Metrics;

namespace Workshop.Tests.Shared;

/// <summary>The product's telemetry as an exporter reads it, for tests that count what a process holds.</summary>
internal static class Instruments
{
    /// <summary>
    /// The current value of an observable instrument of one app: <paramref name="meterFactory"/> is that app's
    /// IMeterFactory, so the instruments of another app in the same test process are not counted.
    /// </summary>
    public static long Current(object meterFactory, string instrument)
    {
        long value = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Name == instrument && ReferenceEquals(published.Meter.Scope, meterFactory)) l.EnableMeasurementEvents(published);
        };
        listener.SetMeasurementEventCallback<long>((_, measured, _, _) => value += measured);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
