namespace Portfolio.Domain.Accounts;

/// <summary>How a sale chooses which tax lots it closes.</summary>
public enum LotMethod { Fifo, Lifo, Hifo, AverageCost, SpecificId }
