namespace Workshop.Web;

/// <summary>The interface texts: Resources/SharedResource.resx (English) and a SharedResource.{language}.resx for each other language of WorkshopLocalization.Languages.</summary>
public sealed class SharedResource;
