namespace SeedreamBatch.Simulator.Generation;

internal enum SimTaskState
{
    Running,
    Succeeded,
    Failed,
}
