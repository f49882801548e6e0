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

    public static byte[] Write(FrameworkState framework, FrameworkVersion version)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(version);
        var languages = framework.Languages.Count > 0 ? framework.Languages : [framework.DefaultLanguage];
        var text = new StringBuilder();
        Csv.WriteRow(text, new[] { "code", "parent_code", "kind" }.Concat(languages.SelectMany(l => new[] { $"label_{l}", $"description_{l}" })));
        void Add(Guid? parentId, string? parentCode)
        {
            foreach (var item in version.Children(parentId))
            {
                Csv.WriteRow(text, new[] { item.Code, parentCode ?? "", item.Kind.ToString().ToLowerInvariant() }
                    .Concat(languages.SelectMany(l => new[] { item.Labels.GetValueOrDefault(l, ""), item.Descriptions.GetValueOrDefault(l, "") })));
                Add(item.Id, item.Code);
            }
        }
        Add(null, null);
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

        var records = Csv.Read(text).ToList();
        if (records.Count == 0) throw new FrameworkCsvException([new CsvError(0, "The file is empty.")]);
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
            string Get(int index) => index >= 0 && index < fields.Count ? fields[index].Trim() : "";
            var rowCode = Get(code);
            if (rowCode.Length == 0) { errors.Add(new CsvError(line, "The code is missing.")); continue; }
            if (!Enum.TryParse<ItemKind>(Get(kind), ignoreCase: true, out var itemKind) || !Enum.IsDefined(itemKind) || int.TryParse(Get(kind), out _))
                errors.Add(new CsvError(line, $"Unknown kind \"{Get(kind)}\" (expected {string.Join(", ", Enum.GetNames<ItemKind>().Select(n => n.ToLowerInvariant()))})."));
            var labels = langs.Select(l => (l, Get(Column($"label_{l}")))).Where(t => t.Item2.Length > 0).ToImmutableDictionary(t => t.l, t => t.Item2);
            var descriptions = langs.Select(l => (l, Get(Column($"description_{l}")))).Where(t => t.Item2.Length > 0).ToImmutableDictionary(t => t.l, t => t.Item2);
            if (!labels.ContainsKey(langs[0])) errors.Add(new CsvError(line, $"The label in the first language ({langs[0]}) is missing."));
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
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { row.Code };
            for (var at = row.Parent; at is not null && byCode.TryGetValue(at, out var up); at = up.Parent)
            {
                if (!seen.Add(at))
                {
                    if (at == row.Code && inCycle.Add(row.Code))
                        errors.Add(new CsvError(row.Line, $"The code \"{row.Code}\" is its own ancestor (a cycle of parents)."));
                    break;
                }
            }
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new CsvError(0, "The file has no items."));
        if (errors.Count > 0) throw new FrameworkCsvException([.. errors.OrderBy(e => e.Line)]);

        var children = rows.ToLookup(r => r.Parent ?? "");
        ImmutableList<ItemDefinition> Build(string parentCode) =>
            children[parentCode].Select(r =>
            {
                var below = Build(r.Code);
                return new ItemDefinition(r.Kind, r.Code, r.Labels, r.Descriptions.IsEmpty ? null : r.Descriptions, below.IsEmpty ? null : below);
            }).ToImmutableList();

        return new FrameworkDefinition(id,
            ImmutableDictionary<string, string>.Empty.Add(langs[0], string.IsNullOrWhiteSpace(title) ? id : title.Trim()),
            null, "csv import", [.. langs], Build(""));
    }

    private sealed record Row(int Line, string Code, string? Parent, ItemKind Kind,
        ImmutableDictionary<string, string> Labels, ImmutableDictionary<string, string> Descriptions);
}
