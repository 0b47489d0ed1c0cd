using Cronos;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>The sections for unattended operation: <c>schedule</c> and <c>notify</c> (issue 16).</summary>
internal sealed partial class ManifestParser
{
    private ScheduleSpec? ParseSchedule(YamlNode node)
    {
        var f = reader.Fields(node, "schedule", ManifestKeys.Schedule);
        if (f is null)
        {
            return null;
        }

        if (!f.TryGetValue("cron", out var cronNode))
        {
            if (!reader.WasSuggested("cron"))
            {
                reader.Error(node, "schedule needs cron: \"M H DoM Mon DoW\" (5 fields, or 6 with seconds first), e.g. cron: \"30 1 * * *\"");
            }

            return null;
        }

        var expression = ParseCron(cronNode);
        var zone = f.TryGetValue("timezone", out var zoneNode) ? ParseTimeZone(zoneNode) : TimeZoneInfo.Utc;
        var catchUp = CatchUpPolicy.Skip;
        if (f.TryGetValue("catch_up", out var catchUpNode) && reader.OneOf(catchUpNode, "schedule.catch_up", ["skip", "once"]) is { } policy)
        {
            catchUp = policy == "once" ? CatchUpPolicy.Once : CatchUpPolicy.Skip;
        }

        return expression is null || zone is null ? null : new ScheduleSpec(((YamlScalarNode)cronNode).Value!.Trim(), expression, zone, catchUp, reader.At(node));
    }

    private CronExpression? ParseCron(YamlNode node)
    {
        var text = reader.String(node, "schedule.cron")?.Trim();
        if (text is null)
        {
            return null;
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            6 => CronFormat.IncludeSeconds,
            _ => CronFormat.Standard,
        };
        if (fields is not (5 or 6) && !(fields == 1 && text.StartsWith('@')))
        {
            reader.Error(node, $"schedule.cron '{text}' has {fields} field(s); give 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
            return null;
        }

        try
        {
            return CronExpression.Parse(text, format);
        }
        catch (CronFormatException e)
        {
            reader.Error(node, $"schedule.cron '{text}' is not a valid cron expression: {e.Message.TrimEnd('.')}");
            return null;
        }
    }

    private TimeZoneInfo? ParseTimeZone(YamlNode node)
    {
        var id = reader.String(node, "schedule.timezone")?.Trim();
        if (id is null)
        {
            return null;
        }

        // IANA names ("Asia/Shanghai") on every platform; Windows names are converted where ICU knows them.
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        var known = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id);
        var hint = YamlReader.Suggest(id, known);
        reader.Error(node, $"schedule.timezone '{id}' is not a known time zone; use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC{hint}");
        return null;
    }

    private NotifySpec? ParseNotify(YamlNode node)
    {
        var f = reader.Fields(node, "notify", ManifestKeys.Notify);
        if (f is null)
        {
            return null;
        }

        var webhooks = new List<Uri>();
        if (f.TryGetValue("webhook", out var webhookNode))
        {
            foreach (var item in reader.List(webhookNode, "notify.webhook", allowSingle: true) ?? [])
            {
                if (HttpUrl(item, "notify.webhook") is { } url)
                {
                    webhooks.Add(url);
                }
            }
        }

        var command = f.TryGetValue("command", out var commandNode) ? reader.String(commandNode, "notify.command") : null;
        var healthcheck = f.TryGetValue("healthcheck", out var healthNode) ? HttpUrl(healthNode, "notify.healthcheck") : null;
        return new NotifySpec(webhooks, command, healthcheck, reader.At(node));
    }

    private Uri? HttpUrl(YamlNode node, string what)
    {
        var text = reader.String(node, what)?.Trim();
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Never echo the URL: a webhook URL is a secret (Slack's carry their token in the path).
            reader.Error(node, $"{what} must be an absolute http:// or https:// URL");
            return null;
        }

        return uri;
    }
}
