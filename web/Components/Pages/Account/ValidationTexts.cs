using System.Globalization;
using System.Resources;

namespace Workshop.Web.Components.Pages.Account;

/// <summary>
/// The sign-in forms' validation messages in the user's language: DataAnnotations reads a message from a static property
/// (ErrorMessageResourceType), so these read the interface texts (Resources/SharedResource*.resx) in the request's culture.
/// </summary>
public static class ValidationTexts
{
    private static readonly ResourceManager Texts = new("Workshop.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    private static string Text(string key) => Texts.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string EmailRequired => Text("Validation.EmailRequired");
    public static string EmailInvalid => Text("Validation.EmailInvalid");
    public static string PasswordRequired => Text("Validation.PasswordRequired");
    public static string PasswordTooShort => Text("Validation.PasswordTooShort");
    public static string PasswordsDiffer => Text("Validation.PasswordsDiffer");
}
