namespace Workshop.Web;

/// <summary>The interface texts: Resources/SharedResource.resx (English) and SharedResource.sl.resx (Slovenian).</summary>
public sealed class SharedResource;
