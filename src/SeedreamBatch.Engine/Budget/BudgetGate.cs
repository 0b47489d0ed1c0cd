using System.Diagnostics.CodeAnalysis;

namespace SeedreamBatch.Engine.Budget;

/// <summary>
/// Holds a job's estimated cost and image count before it is submitted, so jobs in flight together can
/// never exceed <c>max_cost_usd</c> or <c>max_images</c>: spent + held + new ≤ limit, checked under one lock.
/// </summary>
/// <remarks>
/// The guarantee rests on the estimate being an upper bound of the bill: providers bill successful images
/// only and return at most the images asked for, so price × images asked is one as long as the price table
/// is right. When a bill is higher anyway, the real figure is what counts from then on (later jobs see less
/// room) and <see cref="OverrunUsd"/> records the excess, which the run reports as a warning. The first refusal closes the gate
/// for the rest of the run: "budget reached" stops submissions rather than letting cheaper jobs slip
/// through in an order that depends on timing.
/// </remarks>
public sealed class BudgetGate
{
    private readonly Lock _gate = new();
    private readonly decimal? _maxCostUsd;
    private readonly int? _maxImages;
    private readonly ISharedBudget? _shared;
    private decimal _spentUsd;
    private decimal _reservedUsd;
    private int _spentImages;
    private int _reservedImages;
    private decimal _overrunUsd;
    private string? _exhaustedReason;

    /// <param name="alreadySpentUsd">Spent before this gate opened, counted against the limits (budgets are per run: 0).</param>
    /// <param name="alreadySpentImages">Carry-over of images, likewise.</param>
    /// <param name="shared">
    /// A budget shared with other workers (Redis): when set, it alone decides whether a job fits (its limits are the
    /// whole pipeline's) and this gate only keeps this worker's figures for the summary.
    /// </param>
    public BudgetGate(BudgetOptions options, decimal alreadySpentUsd = 0, int alreadySpentImages = 0, ISharedBudget? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        _shared = shared;
        _maxCostUsd = options.MaxCostUsd;
        _maxImages = options.MaxImages;
        _spentUsd = alreadySpentUsd;
        _spentImages = alreadySpentImages;
    }

    /// <summary>Billed beyond what was reserved, summed over all jobs (see remarks).</summary>
    public decimal OverrunUsd
    {
        get
        {
            lock (_gate)
            {
                return _overrunUsd;
            }
        }
    }

    /// <summary>Holds <paramref name="costUsd"/> and <paramref name="images"/>, or says why not (and closes the gate).</summary>
    public bool TryReserve(decimal costUsd, int images, [NotNullWhen(true)] out BudgetReservation? reservation, [NotNullWhen(false)] out string? refusal) =>
        TryReserve(null, costUsd, images, out reservation, out refusal);

    /// <summary>As above, for job <paramref name="jobKey"/> (required with a shared budget, which keys its holds by job).</summary>
    public bool TryReserve(string? jobKey, decimal costUsd, int images, [NotNullWhen(true)] out BudgetReservation? reservation, [NotNullWhen(false)] out string? refusal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costUsd);
        ArgumentOutOfRangeException.ThrowIfNegative(images);
        refusal = null;
        if (_shared is not null)
        {
            ArgumentNullException.ThrowIfNull(jobKey);
            lock (_gate)
            {
                refusal = _exhaustedReason;
            }

            // Outside the lock: a network round trip. The reserve stage is sequential, so there is no race to lose.
            string? sharedRefusal = null;
            if (refusal is null && !_shared.TryReserve(jobKey, costUsd, images, out sharedRefusal))
            {
                refusal = sharedRefusal ?? "the shared budget refused";
            }
        }

        lock (_gate)
        {
            refusal ??= _exhaustedReason ?? (_shared is null ? Check(costUsd, images) : null);
            if (refusal is not null)
            {
                _exhaustedReason ??= refusal;
                reservation = null;
                return false;
            }

            _reservedUsd += costUsd;
            _reservedImages += images;
            reservation = new BudgetReservation(costUsd, images, jobKey);
            return true;
        }
    }

    /// <summary>Replaces the hold with what the provider billed.</summary>
    public void Settle(BudgetReservation reservation, decimal billedUsd, int billedImages)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            if (!Close(reservation))
            {
                return;
            }

            _spentUsd += billedUsd;
            _spentImages += billedImages;
            _overrunUsd += Math.Max(0, billedUsd - reservation.CostUsd);
        }

        if (_shared is not null && reservation.JobKey is { } key)
        {
            _shared.Settle(key, billedUsd, billedImages);
        }
    }

    /// <summary>Gives the hold back: the job was not charged (failed before or at submission, or was never sent).</summary>
    public void Release(BudgetReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        bool closed;
        lock (_gate)
        {
            closed = Close(reservation);
        }

        if (closed && _shared is not null && reservation.JobKey is { } key)
        {
            _shared.Release(key);
        }
    }

    public BudgetSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new BudgetSnapshot(_spentUsd, _reservedUsd, _spentImages, _reservedImages, _maxCostUsd, _maxImages, _exhaustedReason is not null);
        }
    }

    private string? Check(decimal costUsd, int images)
    {
        if (_maxCostUsd is { } maxCost && _spentUsd + _reservedUsd + costUsd > maxCost)
        {
            return $"max_cost_usd {maxCost} reached (spent {_spentUsd}, in flight {_reservedUsd}, next job {costUsd})";
        }

        if (_maxImages is { } maxImages && _spentImages + _reservedImages + images > maxImages)
        {
            return $"max_images {maxImages} reached (made {_spentImages}, in flight {_reservedImages}, next job {images})";
        }

        return null;
    }

    private bool Close(BudgetReservation reservation)
    {
        if (reservation.Closed)
        {
            return false;
        }

        reservation.Closed = true;
        _reservedUsd -= reservation.CostUsd;
        _reservedImages -= reservation.Images;
        return true;
    }
}
