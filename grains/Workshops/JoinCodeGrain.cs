namespace Workshop.Grains.Workshops;

/// <summary>Maps a live workshop's join code to the workshop, one grain per code.</summary>
public sealed class JoinCodeGrain([PersistentState("joincode")] IPersistentState<JoinCodeState> code) : Grain, IJoinCodeGrain
{
    public async Task<bool> Reserve(Guid workshopId)
    {
        if (code.State.WorkshopId is { } holder && holder != workshopId) return false;
        code.State = new JoinCodeState { WorkshopId = workshopId };
        await code.WriteStateAsync();
        return true;
    }

    public async Task Release(Guid workshopId)
    {
        if (code.State.WorkshopId != workshopId) return;
        code.State = new JoinCodeState();
        await code.WriteStateAsync();
    }

    public Task<Guid?> Resolve() => Task.FromResult(code.State.WorkshopId);

    /// <summary>Reserves <paramref name="wanted"/> for the workshop (refused when another live workshop holds it), or a new random code.</summary>
    public static async Task<string> Reserve(IGrainFactory grains, Guid workshopId, string? wanted)
    {
        if (wanted is not null)
        {
            var code = JoinCodes.Normalize(wanted) ?? throw new WorkshopRuleException(WorkshopError.UnknownCode, $"'{wanted}' is not a valid join code.");
            return await grains.GetGrain<IJoinCodeGrain>(code).Reserve(workshopId)
                ? code : throw new WorkshopRuleException(WorkshopError.UnknownCode, $"The join code {code} is in use by another live workshop.");
        }
        while (true)
        {
            var code = JoinCodes.New();
            if (await grains.GetGrain<IJoinCodeGrain>(code).Reserve(workshopId)) return code;
        }
    }
}

[GenerateSerializer]
public sealed record JoinCodeState
{
    [Id(0)] public Guid? WorkshopId { get; init; }
}
