using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// An ask whose answer completes the caller's task on the thread that replies, mapped to what the caller returns.
/// Akka's <c>Ask</c> completes its task asynchronously: every answer wakes a thread-pool thread, which then wakes a
/// caller blocked on the result, two thread wakes where one will do. Here the answer completes a task whose own
/// continuations still run asynchronously (so no caller's code runs on the replying actor's thread), while a caller
/// waiting synchronously is signalled straight from the replying thread. Timeouts, cancellation and failures
/// (<see cref="Status.Failure"/>) behave as Akka's ask.
/// </summary>
internal static class DirectAsk
{
    /// <summary>
    /// Tells <paramref name="to"/> <paramref name="message"/> from a temporary reference and returns its answer mapped by
    /// <paramref name="map"/> (which runs on the replying thread: it must be quick and must not block). After
    /// <paramref name="timeout"/> without an answer the task fails with <paramref name="timedOut"/>'s exception.
    /// </summary>
    public static Task<TResult> Ask<TAnswer, TResult>(IActorRef to, object message, TimeSpan timeout, CancellationToken cancellationToken,
        Func<TAnswer, TResult> map, Func<Exception> timedOut)
    {
        var provider = to is IInternalActorRef internalRef ? internalRef.Provider : throw new ArgumentException("not a local actor reference", nameof(to));
        // Completed by the replying thread, continuations inline: only this class continues it.
        var answer = new TaskCompletionSource<TAnswer>();
        // What the caller sees: its awaiting continuations go to the thread pool, a synchronous wait is signalled directly.
        var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = new CancellationTokenSource();
        var onTimeout = timer.Token.Register(static state => ((TaskCompletionSource<TAnswer>)state!).TrySetException(new AskTimeoutException("")), answer);
        var onCancel = cancellationToken.CanBeCanceled ? cancellationToken.Register(static state => ((TaskCompletionSource<TAnswer>)state!).TrySetCanceled(), answer) : default;
        var reference = provider.CreateFutureRef(answer);
        var path = reference.Path;
        answer.Task.ContinueWith(done =>
        {
            provider.UnregisterTempActor(path);
            onTimeout.Dispose();
            onCancel.Dispose();
            timer.Dispose();
            if (done.IsCanceled) result.TrySetCanceled(cancellationToken);
            else if (done.Exception?.InnerException is AskTimeoutException) result.TrySetException(timedOut());
            else if (done.Exception is { } failed) result.TrySetException(failed.InnerExceptions);
            else
            {
                try
                {
                    result.TrySetResult(map(done.Result));
                }
                catch (Exception ex)
                {
                    result.TrySetException(ex);
                }
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        provider.RegisterTempActor(reference, path);
        timer.CancelAfter(timeout);
        reference.DeliverAsk(message, to);
        return result.Task;
    }
}
