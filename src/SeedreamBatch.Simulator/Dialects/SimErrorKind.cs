namespace SeedreamBatch.Simulator.Dialects;

/// <summary>What went wrong, independent of dialect; each dialect maps it to its own status, code and body.</summary>
internal enum SimErrorKind
{
    MissingParameter,
    InvalidParameter,
    Unauthorized,
    RequestRateLimited,
    ImageRateLimited,
    InternalError,
    BadGateway,
    Unavailable,
    InputTextSensitive,
    InputImageSensitive,
    OutputImageSensitive,
    ModelNotFound,
    NotImplemented,
    AccountOverdue,
    AccessDenied,
    TaskNotFound,
    Timeout,
}
