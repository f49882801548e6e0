using System.Collections.Immutable;
using System.Text;
using Workshop.Grains.Frameworks;

namespace Workshop.Web.Exports;

/// <summary>One problem of an imported CSV file, at its 1-based line (0: the file as a whole).</summary>
public sealed record CsvError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"Line {Line}: {Message}" : Message;
}

public sealed class FrameworkCsvException(IReadOnlyList<CsvError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<CsvError> Errors { get; } = errors;
}

/// <summary>
/// A framework version as CSV: columns code, parent_code, kind, then label_&lt;lang&gt; and description_&lt;lang&gt;
/// for each language of the framework; rows in tree order (a parent before its children, siblings in order).
/// </summary>
public static class FrameworkCsv
{
    public const long MaxBytes = 5 * 1024 * 1024;

    public static byte[] Write(FrameworkState framework, FrameworkVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(version);
        var languages = framework.Languages.Count > 0 ? framework.Languages : [framework.DefaultLanguage];
        var text = new StringBuilder();
        Csv.WriteRow(text, new[] { "code", "parent_code", "kind" }.Concat(languages.SelectMany(l => new[] { $"label_{l}", $"description_{l}" })));
        foreach (var (item, _) in version.InTreeOrder())
        {
            cancellationToken.ThrowIfCancellationRequested();
            Csv.WriteRow(text, new[] { item.Code, item.ParentId is { } parent ? version.Find(parent)?.Code : "", item.Kind.ToString().ToLowerInvariant() }
                .Concat(languages.SelectMany(l => new[] { item.Labels.GetValueOrDefault(l, ""), item.Descriptions.GetValueOrDefault(l, "") })));
        }
        return Csv.ToBytes(text);
    }

    /// <summary>Reads a framework; throws <see cref="FrameworkCsvException"/> with every problem found and their lines.</summary>
    /// <param name="languages">The framework's languages, the first the original; null: those of the label columns, in column order.</param>
    public static FrameworkDefinition Read(Stream csv, string id, string title, IReadOnlyList<string>? languages = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        string text;
        using (var limited = new MemoryStream())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = csv.Read(buffer, 0, buffer.Length)) > 0)
            {
                limited.Write(buffer, 0, read);
                if (limited.Length > MaxBytes)
                    throw new FrameworkCsvException([new CsvError(0, $"The file is larger than {MaxBytes / 1024 / 1024} MB.")]);
            }
            limited.Position = 0;
            using var reader = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }

        if (FrameworkLimits.TitleProblem([title ?? ""]) is { } titleProblem) throw new FrameworkCsvException([new CsvError(0, titleProblem)]);
        var records = Csv.Read(text).ToList();
        if (records.Count == 0) throw new FrameworkCsvException([new CsvError(0, "The file is empty.")]);
        if (records.Count - 1 > FrameworkLimits.MaxItems) throw new FrameworkCsvException([new CsvError(0, FrameworkLimits.TooMany(records.Count - 1))]);
        var errors = new List<CsvError>();
        var (headerLine, header) = records[0];
        var columns = header.Select((h, i) => (Name: h.Trim().ToLowerInvariant(), Index: i)).ToList();
        int Column(string name) => columns.FirstOrDefault(c => c.Name == name, (Name: name, Index: -1)).Index;
        var code = Column("code");
        var parent = Column("parent_code");
        var kind = Column("kind");
        if (code < 0 || parent < 0 || kind < 0)
            throw new FrameworkCsvException([new CsvError(headerLine, "The header must have the columns code, parent_code and kind.")]);
        var labelLanguages = columns.Where(c => c.Name.StartsWith("label_", StringComparison.Ordinal) && c.Name.Length > 6)
            .Select(c => LocalizedText.Language(c.Name[6..])).Distinct().ToList();
        var langs = (languages is { Count: > 0 } ? languages.Select(LocalizedText.Language).Where(l => l.Length > 0).Distinct().ToList() : labelLanguages);
        if (langs.Count == 0)
            throw new FrameworkCsvException([new CsvError(headerLine, "The header has no label_<language> column.")]);
        if (Column($"label_{langs[0]}") < 0)
            throw new FrameworkCsvException([new CsvError(headerLine, $"The header has no column label_{langs[0]} for the first language.")]);

        var rows = new List<Row>();
        var byCode = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var (line, fields) in records.Skip(1))
        {
            // An exported field guarded against formulas reads back as the original text (see FormulaGuard).
            string Get(int index) => index >= 0 && index < fields.Count ? FormulaGuard.Restore(fields[index].Trim()) : "";
            var rowCode = Get(code);
            if (rowCode.Length == 0) { errors.Add(new CsvError(line, "The code is missing.")); continue; }
            if (!Enum.TryParse<ItemKind>(Get(kind), ignoreCase: true, out var itemKind) || !Enum.IsDefined(itemKind) || int.TryParse(Get(kind), out _))
                errors.Add(new CsvError(line, $"Unknown kind \"{Get(kind)}\" (expected {string.Join(", ", Enum.GetNames<ItemKind>().Select(n => n.ToLowerInvariant()))})."));
            var labels = langs.Select(l => (l, Get(Column($"label_{l}")))).Where(t => t.Item2.Length > 0).ToImmutableDictionary(t => t.l, t => t.Item2);
            var descriptions = langs.Select(l => (l, Get(Column($"description_{l}")))).Where(t => t.Item2.Length > 0).ToImmutableDictionary(t => t.l, t => t.Item2);
            if (!labels.ContainsKey(langs[0])) errors.Add(new CsvError(line, $"The label in the first language ({langs[0]}) is missing."));
            if (FrameworkLimits.ItemProblem(rowCode, labels, descriptions) is { } tooLong) errors.Add(new CsvError(line, tooLong));
            var row = new Row(line, rowCode, Get(parent) is { Length: > 0 } p ? p : null, itemKind, labels, descriptions);
            if (byCode.TryGetValue(rowCode, out var first))
            {
                errors.Add(new CsvError(line, $"Duplicate code \"{rowCode}\" (first on line {first.Line})."));
                continue;
            }
            byCode[rowCode] = row;
            rows.Add(row);
        }

        foreach (var row in rows.Where(r => r.Parent is not null && !byCode.ContainsKey(r.Parent)))
            errors.Add(new CsvError(row.Line, $"Unknown parent code \"{row.Parent}\"."));
        var (levels, cycles) = TreeWalk.Levels(byCode.Keys, c => byCode[c].Parent, StringComparer.Ordinal);
        foreach (var looped in cycles.SelectMany(c => c))
            errors.Add(new CsvError(byCode[looped].Line, $"The code \"{looped}\" is its own ancestor (a cycle of parents)."));
        if (rows.FirstOrDefault(r => levels.GetValueOrDefault(r.Code) > FrameworkLimits.MaxDepth) is { } deep)
            errors.Add(new CsvError(deep.Line, FrameworkLimits.TooDeep(deep.Code, levels[deep.Code])));
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new CsvError(0, "The file has no items."));
        if (errors.Count > 0) throw new FrameworkCsvException([.. errors.OrderBy(e => e.Line)]);

        var children = rows.ToLookup(r => r.Parent ?? "");
        var tree = TreeWalk.Nest<Row, ItemDefinition>(children[""], r => children[r.Code], (r, below) =>
            new ItemDefinition(r.Kind, r.Code, r.Labels, r.Descriptions.IsEmpty ? null : r.Descriptions, below.Count == 0 ? null : [.. below]));

        return new FrameworkDefinition(id,
            ImmutableDictionary<string, string>.Empty.Add(langs[0], string.IsNullOrWhiteSpace(title) ? id : title.Trim()),
            null, "csv import", [.. langs], [.. tree]);
    }

    private sealed record Row(int Line, string Code, string? Parent, ItemKind Kind,
        ImmutableDictionary<string, string> Labels, ImmutableDictionary<string, string> Descriptions);
}
