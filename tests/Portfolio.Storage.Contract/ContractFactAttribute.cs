using Xunit.Abstractions;
using Xunit.Sdk;

namespace Portfolio.Storage.Contract;

/// <summary>
/// A contract test. It runs unless the assembly of the concrete test class names a <see cref="IContractSkipCondition"/>
/// (<see cref="ContractSkipConditionAttribute"/>) that gives a reason to skip, e.g. "no Cosmos endpoint".
/// xunit 2 has no dynamic skip, so the reason is decided at discovery.
/// </summary>
[XunitTestCaseDiscoverer("Portfolio.Storage.Contract.ContractFactDiscoverer", "Portfolio.Storage.Contract")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

public interface IContractSkipCondition
{
    /// <summary>Null to run the tests; otherwise why they are skipped.</summary>
    string? SkipReason { get; }
}

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ContractSkipConditionAttribute(Type condition) : Attribute
{
    public Type Condition { get; } = condition;
}

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var reason = SkipReason(testMethod.TestClass.Class.ToRuntimeType());
        yield return reason is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new SkippedContractTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason);
    }

    private static string? SkipReason(Type? testClass)
    {
        var attribute = testClass?.Assembly.GetCustomAttributes(typeof(ContractSkipConditionAttribute), false)
            .Cast<ContractSkipConditionAttribute>().FirstOrDefault();
        if (attribute is null) return null;
        var condition = (IContractSkipCondition)Activator.CreateInstance(attribute.Condition)!;
        return condition.SkipReason;
    }
}

public sealed class SkippedContractTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedContractTestCase() { }

    public SkippedContractTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        _reason = reason;
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue("ContractSkipReason", _reason);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("ContractSkipReason");
        base.Deserialize(data);
    }
}
