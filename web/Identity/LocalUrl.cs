namespace Workshop.Web.Identity;

public static class LocalUrl
{
    /// <summary>The return address when it stays on this site, else <paramref name="home"/>: no open redirects.</summary>
    public static string OrHome(string? url, string home) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : home;
}
