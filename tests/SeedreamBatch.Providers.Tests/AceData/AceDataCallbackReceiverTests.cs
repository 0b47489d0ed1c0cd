using System.Net;
using System.Text;
using SeedreamBatch.Providers.AceData;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.AceData;

public sealed class AceDataCallbackReceiverTests
{
    [Fact]
    public async Task WaitAsync_ResultPushed_RemovedFromWaitingTableOnceTaken()
    {
        var port = 0;
        using var receiver = Start(p => port = p);
        var waiting = receiver.WaitAsync("t-1");
        Assert.Equal(1, receiver.Waiting);

        using var client = new HttpClient();
        var response = await client.PostAsync(CallbackUri(receiver, port), new StringContent("""{"success":true,"task_id":"t-1","data":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await waiting;

        Assert.Equal(0, receiver.Waiting);
    }

    [Fact]
    public async Task Callback_ChunkedBodyOverCap_RefusedWithoutReadingItAll()
    {
        var port = 0;
        using var receiver = Start(p => port = p, maxBodyBytes: 1024);
        // Valid JSON, padded past the cap, sent without a Content-Length.
        var body = """{"task_id":"t-2","data":[]""" + new string(' ', 4096) + "}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, CallbackUri(receiver, port)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var client = new HttpClient();
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, receiver.Waiting);
    }

    private static AceDataCallbackReceiver Start(Action<int> port, int maxBodyBytes = 16 * 1024 * 1024) =>
        Ports.WithFreePort(p =>
        {
            var receiver = new AceDataCallbackReceiver($"http://127.0.0.1:{p}/", "https://hooks.example.com/cb", new RedactingLog(null, SecretRedactor.None), maxBodyBytes);
            try
            {
                receiver.Start();
            }
            catch
            {
                receiver.Dispose();
                throw;
            }

            port(p);
            return receiver;
        });

    private static Uri CallbackUri(AceDataCallbackReceiver receiver, int port) =>
        new($"http://127.0.0.1:{port}/cb{new Uri(receiver.PublicUrl).Query}");
}
