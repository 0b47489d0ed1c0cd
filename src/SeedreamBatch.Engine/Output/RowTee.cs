using System.Threading.Channels;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// One enumeration of a stream feeding two consumers at once, through two small bounded queues: manifest.csv and
/// manifest.json are written from a single store query instead of two (at a million jobs the query, not the writing,
/// is the cost), each writer on its own core, memory flat. A failure on either side cancels the other.
/// </summary>
internal static class RowTee
{
    private const int Capacity = 512;

    public static async Task RunAsync<T>(
        IAsyncEnumerable<T> source,
        Func<IAsyncEnumerable<T>, CancellationToken, Task> first,
        Func<IAsyncEnumerable<T>, CancellationToken, Task> second,
        CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true };
        var left = Channel.CreateBounded<T>(options);
        var right = Channel.CreateBounded<T>(options);

        async Task ProduceAsync()
        {
            try
            {
                await foreach (var item in source.WithCancellation(cancel.Token).ConfigureAwait(false))
                {
                    await left.Writer.WriteAsync(item, cancel.Token).ConfigureAwait(false);
                    await right.Writer.WriteAsync(item, cancel.Token).ConfigureAwait(false);
                }

                left.Writer.Complete();
                right.Writer.Complete();
            }
            catch (Exception e)
            {
                left.Writer.TryComplete(e);
                right.Writer.TryComplete(e);
                await cancel.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        async Task ConsumeAsync(Func<IAsyncEnumerable<T>, CancellationToken, Task> consumer, Channel<T> channel)
        {
            try
            {
                await consumer(channel.Reader.ReadAllAsync(cancel.Token), cancel.Token).ConfigureAwait(false);
            }
            catch
            {
                await cancel.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        // The producer runs on its own task so that both consumers can wait on it; Task.Run keeps a synchronous SQLite read
        // from holding the caller's thread.
        var produce = Task.Run(ProduceAsync, CancellationToken.None);
        var consumers = Task.WhenAll(ConsumeAsync(first, left), ConsumeAsync(second, right));
        try
        {
            await Task.WhenAll(produce, consumers).ConfigureAwait(false);
        }
        catch when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch when (consumers.IsFaulted || produce.IsFaulted)
        {
            // Report the first real failure, not the cancellations it caused on the other side.
            var real = new[] { produce, consumers }
                .Where(t => t.IsFaulted)
                .SelectMany(t => t.Exception!.Flatten().InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException and not ChannelClosedException);
            if (real is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(real);
            }

            throw;
        }
    }
}
