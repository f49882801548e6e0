namespace Workshop.Grains.Frameworks;

/// <summary>One competency framework with all its versions; keyed by the framework's slug.</summary>
public interface IFrameworkGrain : IGrainWithStringKey
{
    /// <summary>The whole framework, or null when no framework has this id.</summary>
    Task<FrameworkState?> Get();

    /// <summary>Creates the framework from a definition unless it exists; true when it was created.</summary>
    Task<bool> ImportIfAbsent(FrameworkDefinition definition);

    /// <summary>Adds a seed's languages that the framework lacks as a new published version (same item ids); its number, or null when nothing was new.</summary>
    Task<int?> AddTranslations(FrameworkDefinition seed);

    /// <summary>A model owner marks a language of a version reviewed, or unreviewed (machine) again.</summary>
    Task MarkTranslation(int version, string language, TranslationStatus status);

    /// <summary>Opens a draft (or returns the open one) and gives its version number.</summary>
    Task<int> StartDraft(string? author);

    Task<Guid> AddItem(int version, Guid? parentId, ItemDraft item);
    Task UpdateItem(int version, Guid itemId, ItemDraft item);
    Task MoveItem(int version, Guid itemId, Guid? newParentId, int index);
    Task DeleteItem(int version, Guid itemId);
    Task Publish(int version);

    /// <summary>
    /// Applies an accepted proposal to the draft (opening one if needed), recording its provenance on the changed items; returns the
    /// draft's number. A proposal applied before is not applied again: it returns the version it went into.
    /// </summary>
    Task<int> ApplyProposal(Workshop.Grains.Proposals.Proposal proposal, string reviewer);
}

/// <summary>The list of all frameworks (a single grain, key 0); frameworks are few and change rarely.</summary>
public interface IFrameworkRegistryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<string>> List();
    Task Register(string frameworkId);
}
