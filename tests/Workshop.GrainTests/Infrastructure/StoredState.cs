using System.Diagnostics.CodeAnalysis;

namespace Workshop.GrainTests.Infrastructure;

/// <summary>A grain state holder as Orleans passes one to a storage, whose state is never null.</summary>
public sealed class StoredState<T> : IGrainState<T> where T : class, new()
{
    private T state = new();

    [AllowNull]
    public T State
    {
        get => state;
        set => state = value ?? throw new InvalidOperationException("The storage set the state to null.");
    }

    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
