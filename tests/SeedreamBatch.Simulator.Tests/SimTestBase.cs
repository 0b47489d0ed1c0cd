using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Tests;

/// <summary>Starts a simulator on a random loopback port per test and talks to it over real HTTP.</summary>
public abstract class SimTestBase : IAsyncLifetime
{
    private SimulatorHost? _sim;

    internal FakeClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected SimulatorHost Sim => _sim ?? throw new InvalidOperationException("not started");

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>Override to tune options before start; the fake clock is already set.</summary>
    protected virtual void Configure(SimulatorOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        var options = new SimulatorOptions { TimeProvider = Clock, RandomSeed = 7, ImageStyle = SeedreamBatch.Simulator.Images.SimImageStyle.Flat };
        Configure(options);
        _sim = await SimulatorHost.StartAsync(options, CancellationToken.None);
        Http = new HttpClient { BaseAddress = _sim.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _sim.ApiKey);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected async Task<(int Status, JsonNode Body, HttpResponseMessage Response)> PostAsync(string path, string json, string? key = null, string? job = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        if (key is not null)
        {
            request.Headers.Authorization = key.Length == 0 ? null : new AuthenticationHeaderValue("Bearer", key);
        }

        if (job is not null)
        {
            request.Headers.Add(SimulatorOptions.JobHeader, job);
        }

        // An empty key means "no Authorization header at all", which the shared client would otherwise add.
        using var bare = new HttpClient { BaseAddress = Sim.BaseUri };
        var response = await (key == "" ? bare : Http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!, response);
    }

    protected async Task<(int Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    protected async Task<byte[]> DownloadAsync(string url) => await Http.GetByteArrayAsync(url);
}
