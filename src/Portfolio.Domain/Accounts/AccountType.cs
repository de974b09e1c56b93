namespace Portfolio.Domain.Accounts;

public enum AccountType { Taxable, Ira, Roth, Retirement401k }

public static class AccountTypeRules
{
    /// <summary>The wash-sale rule (IRC §1091) only affects taxable accounts; losses inside IRAs, Roths and 401(k)s are never deductible anyway.</summary>
    public static bool AppliesWashSales(this AccountType type) => type == AccountType.Taxable;
}
