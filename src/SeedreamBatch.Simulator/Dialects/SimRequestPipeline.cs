using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>
/// What every API request goes through before its dialect sees it: auth, account state, the per-key request
/// limit, injected transport faults; and afterwards, errors worded by the dialect and the outcome counted.
/// </summary>
internal sealed class SimRequestPipeline(SimContext sim)
{
    public async Task RunAsync(HttpContext http, ISimDialect dialect, Func<SimCall, Task> handler)
    {
        var outcome = "ok";
        SimCall? call = null;
        var job = http.Request.Headers[SimulatorOptions.JobHeader].ToString();
        sim.Stats.Arrived(job);

        // Count the request as its response starts, before the client can read it, so a test that asserts
        // the count right after its answer never races the bookkeeping; a connection dropped on purpose is counted
        // before the drop, for the same reason. Whichever of these and the finally below runs first counts;
        // Kestrel may also start a response after the handler returned.
        var counted = 0;
        void CountOnce(string counting)
        {
            if (Interlocked.Exchange(ref counted, 1) == 0)
            {
                sim.Stats.Request(dialect.Name, counting);
            }
        }

        // Counted before the connection drops, so a client that sees the drop also sees it counted.
        void Drop(string dropped)
        {
            outcome = dropped;
            CountOnce(outcome);
            http.Abort();
        }

        http.Response.OnStarting(() =>
        {
            CountOnce(call?.Outcome ?? outcome);
            return Task.CompletedTask;
        });
        try
        {
            var key = BearerKey(http.Request.Headers.Authorization.ToString(), dialect.AuthScheme);
            if (key is null || !sim.AcceptsKey(key))
            {
                throw new SimRequestException(SimErrorKind.Unauthorized, key is null
                    ? $"The API key is missing. Pass it in the Authorization header as '{dialect.AuthScheme} <key>'."
                    : "The API key or AK/SK in the request is missing or invalid.");
            }

            var faults = sim.Faults;
            if (faults.OverdueKeys.Contains(key))
            {
                throw new SimRequestException(SimErrorKind.AccountOverdue, "Your account has an overdue balance. Please top up and retry.");
            }

            if (faults.DeniedKeys.Contains(key))
            {
                throw new SimRequestException(SimErrorKind.AccessDenied, "The request is not authorized to access this resource.");
            }

            if (faults.QuotaExceededKeys.Contains(key))
            {
                throw new SimRequestException(SimErrorKind.QuotaExceeded, "Your account has exceeded its quota. Please check your plan.");
            }

            if (faults.SpendLimitKeys.Contains(key))
            {
                throw new SimRequestException(SimErrorKind.SpendLimitExceeded, "The request exceeds the spending limit set for this account.");
            }

            if (faults.UnavailableAfterCharges is { } after && sim.Ledger.ChargeCount >= after)
            {
                throw new SimRequestException(SimErrorKind.Unavailable, "The service is temporarily unavailable. Please retry later.") { RetryAfter = TimeSpan.FromSeconds(1) };
            }

            if (sim.Limiter.TryAcquire("requests:" + key, faults.RequestsPerMinute, 1) is { } wait)
            {
                throw new SimRequestException(SimErrorKind.RequestRateLimited, $"The request has exceeded the requests-per-minute limit ({faults.RequestsPerMinute}) for this key. Please retry later.")
                {
                    RetryAfter = wait,
                };
            }

            if (await InjectTransportFaultAsync(http) is { } injected)
            {
                Drop(injected);
                return;
            }

            call = new SimCall(http, key, job.Length == 0 ? null : job);
            await handler(call);
            outcome = call.Outcome ?? outcome;
            if (call.Drop)
            {
                Drop(outcome);
            }
        }
        catch (SimRequestException e)
        {
            outcome = Outcome(e.Kind);
            await WriteErrorAsync(http, dialect, e);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            outcome = "client_aborted";
        }
        finally
        {
            CountOnce(outcome);
        }
    }

    public static async Task WriteErrorAsync(HttpContext http, ISimDialect dialect, SimRequestException e)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        var error = dialect.DescribeError(e);
        http.Response.StatusCode = error.Status;
        if (e.RetryAfter is { } after)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(http, error.Body);
    }

    public static Task WriteJsonAsync(HttpContext http, JsonNode body, int status)
    {
        http.Response.StatusCode = status;
        return WriteJsonAsync(http, body);
    }

    public static Task WriteJsonAsync(HttpContext http, JsonNode body)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    /// <summary>Rolls the faults that strike before the dialect sees the request: throws an error answer, or returns the
    /// outcome of a connection the caller must drop (<c>reset</c> at once, <c>hang</c> after hanging); null for none.</summary>
    private async Task<string?> InjectTransportFaultAsync(HttpContext http)
    {
        var f = sim.Faults;
        var total = f.RateLimitedRate + f.Error500Rate + f.Error502Rate + f.Error503Rate + f.ResetRate + f.HangRate;
        if (total <= 0)
        {
            return null;
        }

        var roll = sim.Random.NextDouble();
        if ((roll -= f.RateLimitedRate) < 0)
        {
            // Worded as the per-key limit's 429: upstream cannot tell us which other client used up the account's share.
            throw new SimRequestException(SimErrorKind.RequestRateLimited, "The request has exceeded the requests-per-minute limit for this account. Please retry later.")
            {
                RetryAfter = f.RateLimitedRetryAfter > TimeSpan.Zero ? f.RateLimitedRetryAfter : null,
                // Only Ark words it differently; other dialects keep their own code.
                ArkCode = f.RateLimitedCode,
            };
        }

        if ((roll -= f.Error500Rate) < 0)
        {
            throw new SimRequestException(SimErrorKind.InternalError, "The service encountered an unexpected internal error.");
        }

        if ((roll -= f.Error502Rate) < 0)
        {
            throw new SimRequestException(SimErrorKind.BadGateway, "Bad gateway: the upstream service returned an invalid response.");
        }

        if ((roll -= f.Error503Rate) < 0)
        {
            throw new SimRequestException(SimErrorKind.Unavailable, "The service is temporarily overloaded. Please retry later.") { RetryAfter = TimeSpan.FromSeconds(1) };
        }

        if ((roll -= f.ResetRate) < 0)
        {
            return "reset";
        }

        if ((roll -= f.HangRate) < 0)
        {
            await HangAsync(http.RequestAborted);
            return "hang";
        }

        return null;
    }

    /// <summary>
    /// Rolls the faults that strike after the request was charged (or its task accepted): the connection is dropped,
    /// at once or after hanging. True when it was, and the handler must write nothing more (the pipeline drops it).
    /// </summary>
    public async Task<bool> FailAfterChargeAsync(SimCall call)
    {
        var f = sim.Faults;
        if (f.ResetAfterChargeRate + f.HangAfterChargeRate <= 0)
        {
            return false;
        }

        var roll = sim.Random.NextDouble();
        if (roll < f.ResetAfterChargeRate)
        {
            call.Outcome = "reset_after_charge";
        }
        else if (roll < f.ResetAfterChargeRate + f.HangAfterChargeRate)
        {
            call.Outcome = "hang_after_charge";
            await HangAsync(call.Aborted);
        }
        else
        {
            return false;
        }

        call.Drop = true;
        return true;
    }

    /// <summary>Holds the request for <see cref="FaultSettings.HangDuration"/>, or until the client gives up.</summary>
    private async Task HangAsync(CancellationToken aborted)
    {
        try
        {
            await sim.DelayAsync(sim.Faults.HangDuration, aborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first, which is the point.
        }
    }

    private static string? BearerKey(string header, string authScheme)
    {
        var scheme = authScheme + " ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = header[scheme.Length..].Trim();
        return key.Length == 0 ? null : key;
    }

    private static string Outcome(SimErrorKind kind) => kind switch
    {
        SimErrorKind.MissingParameter or SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented => "bad_request",
        SimErrorKind.Unauthorized => "unauthorized",
        SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => "rate_limited",
        SimErrorKind.InternalError => "http_500",
        SimErrorKind.BadGateway => "http_502",
        SimErrorKind.Unavailable => "http_503",
        SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive or SimErrorKind.OutputImageSensitive => "content_blocked",
        SimErrorKind.ModelNotFound or SimErrorKind.TaskNotFound => "not_found",
        SimErrorKind.AccountOverdue or SimErrorKind.AccessDenied => "forbidden",
        SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded => "quota_exceeded",
        SimErrorKind.ModelNotOpen => "model_not_open",
        SimErrorKind.RiskDetected => "content_blocked",
        SimErrorKind.Timeout => "timeout",
        _ => "error",
    };
}
