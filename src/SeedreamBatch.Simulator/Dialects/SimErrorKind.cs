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

    /// <summary>Ark 429 <c>QuotaExceeded</c>: the account's quota is used up (not retryable).</summary>
    QuotaExceeded,

    /// <summary>Ark 429 <c>SetLimitExceeded</c>: a spending limit the user set was reached (not retryable).</summary>
    SpendLimitExceeded,

    /// <summary>Ark 404 <c>ModelNotOpen</c>: the model is not activated for the account.</summary>
    ModelNotOpen,

    /// <summary>Ark 400 <c>InputTextRiskDetection</c>: a content-policy refusal under the newer code family.</summary>
    RiskDetected,
}
