using System.Net;
using Microsoft.Playwright;
using SeedreamBatch.Cli.Review;
using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Review;

/// <summary><c>review</c> and <c>gallery</c> in real headless Chromium over a real run's outputs.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReviewBrowserTests(ReviewFixture f) : IClassFixture<ReviewFixture>
{
    /// <summary>Every &lt;img&gt; of the page: how many, and how many did not load (complete with no pixels, or not complete).</summary>
    private const string ImageCheck = "() => { const i = [...document.images]; return [i.length, i.filter(x => !x.complete || x.naturalWidth === 0).length]; }";

    [Fact]
    public async Task Review_Sheet_ShowsEveryDoneJobsImageAllLoaded()
    {
        await using var server = await f.StartServerAsync();
        var page = await NewPageAsync();

        await OpenAsync(page, server.Uri.AbsoluteUri);

        Assert.Equal(12, await page.Locator(".card").CountAsync());
        var images = await page.EvaluateAsync<int[]>(ImageCheck);
        Assert.Equal([12, 0], images);
        Assert.Equal(12, await page.Locator(".card img[src*='.thumb.webp']").CountAsync());
    }

    [Fact]
    public async Task Review_Filters_NarrowTheSet()
    {
        await using var server = await f.StartServerAsync();
        var page = await NewPageAsync();
        await OpenAsync(page, server.Uri.AbsoluteUri);

        await WhileLoadingAsync(page, () => page.SelectOptionAsync("select[name='var.style']", "studio"));
        Assert.Equal(6, await page.Locator(".card").CountAsync());

        await WhileLoadingAsync(page, () => page.SelectOptionAsync("select[name='var.sku']", "SKU-003"));
        Assert.Equal(1, await page.Locator(".card").CountAsync());

        await WhileLoadingAsync(page, () => page.FillAsync("input[name=q]", "lifestyle"));
        Assert.Equal(0, await page.Locator(".card").CountAsync());
        Assert.Contains("No job matches", await page.InnerTextAsync("#sheet"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_KeyboardApproveAndReject_PersistAcrossReloadAndIntoStatus()
    {
        await using var server = await f.StartServerAsync();
        var page = await NewPageAsync();
        await OpenAsync(page, server.Uri.AbsoluteUri + "#");
        var first = await page.Locator(".card").Nth(0).GetAttributeAsync("data-key");
        var second = await page.Locator(".card").Nth(1).GetAttributeAsync("data-key");

        await WhileDecidingAsync(page, () => page.Keyboard.PressAsync("a"));
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("r");
        await page.FillAsync("#reason", "wrong colour");
        await WhileDecidingAsync(page, () => page.Keyboard.PressAsync("Enter"));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready='1']");

        Assert.Contains("approved", await page.Locator($".card[data-key='{first}']").GetAttributeAsync("class"), StringComparison.Ordinal);
        Assert.Contains("rejected", await page.Locator($".card[data-key='{second}']").GetAttributeAsync("class"), StringComparison.Ordinal);
        var (code, output, _) = CliRun.Invoke("status", f.Outputs);
        Assert.Equal(0, code);
        Assert.Contains("Review: 1 approved, 1 rejected, 10 not reviewed (of 12 done).", output, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(Path.Combine(f.Outputs, "manifest.csv"));
        Assert.Contains(",review,reviewReason,reviewedBy,reviewedAt", csv, StringComparison.Ordinal);
        Assert.Contains(",rejected,wrong colour," + Environment.UserName + ",", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gallery_OpenedFromDisk_ShowsEveryImageLoaded()
    {
        var gallery = Path.Combine(f.Root, "share", "gallery.html");
        var count = await GalleryWriter.WriteAsync(f.Outputs, gallery, CancellationToken.None);
        var page = await NewPageAsync();

        await OpenAsync(page, new Uri(gallery).AbsoluteUri);

        Assert.Equal(12, count);
        Assert.Equal(12, await page.Locator(".card").CountAsync());
        var images = await page.EvaluateAsync<int[]>(ImageCheck);
        Assert.Equal([12, 0], images);
        Assert.DoesNotContain("http", await page.Locator(".card img").First.GetAttributeAsync("src") ?? "http", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_OtherHost_RequiresTheToken()
    {
        await using var server = await f.StartServerAsync(host: "127.0.0.1", token: "s3cret-token");
        using var http = new HttpClient();
        var bare = new Uri(server.Uri.GetLeftPart(UriPartial.Authority) + "/api/meta");

        var refused = await http.GetAsync(bare);
        var allowed = await http.GetAsync(bare + "?token=s3cret-token");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("token=s3cret-token", server.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_UnknownFilterVariable_IsOneClearError()
    {
        await using var server = await f.StartServerAsync();
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(server.Uri, "api/items?var.colour=red"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"error\":\"unknown variable \\u0027colour\\u0027 (the jobs have: product, sku, style)\"}", await response.Content.ReadAsStringAsync());
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await f.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        return await context.NewPageAsync();
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-ready='1']");
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The sheet's <img>s are inserted after the page's own load event, so that event says nothing about them:
        // wait until each has finished (loaded or failed), then a broken one shows as naturalWidth 0.
        await page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete)");
    }

    /// <summary>Runs <paramref name="action"/> and waits for the item request it causes to be answered and drawn.</summary>
    private static async Task WhileLoadingAsync(IPage page, Func<Task> action)
    {
        var response = page.WaitForResponseAsync(r => r.Url.Contains("/api/items?", StringComparison.Ordinal));
        await action();
        await response;
        await page.WaitForFunctionAsync("() => !document.querySelector('#sheet').dataset.loading");
    }

    private static async Task WhileDecidingAsync(IPage page, Func<Task> action)
    {
        var decided = page.WaitForResponseAsync(r => r.Url.Contains("/api/decisions", StringComparison.Ordinal));
        var reloaded = page.WaitForResponseAsync(r => r.Url.Contains("/api/items?", StringComparison.Ordinal));
        await action();
        await decided;
        await reloaded;
        await page.WaitForFunctionAsync("() => !document.querySelector('#sheet').dataset.loading");
    }
}
