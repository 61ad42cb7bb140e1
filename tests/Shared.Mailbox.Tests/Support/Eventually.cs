namespace Shared.Mailbox.Tests.Support;

/// <summary>Waits for a condition with a generous timeout (no timed assertions: only "it happens").</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Awaits a task with the default timeout.</summary>
    public static Task<T> Within<T>(Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? DefaultTimeout);

    public static Task Within(Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? DefaultTimeout);
}
