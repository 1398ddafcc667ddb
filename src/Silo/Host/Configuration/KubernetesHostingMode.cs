namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>Whether the silo uses <c>Microsoft.Orleans.Hosting.Kubernetes</c> (<c>Mochi:Host:Kubernetes</c>).</summary>
internal enum KubernetesHostingMode
{
    /// <summary>On when the process runs in a Kubernetes pod (<c>KUBERNETES_SERVICE_HOST</c> is set by Kubernetes itself).</summary>
    Auto,

    /// <summary>Always on: the silo watches its pods and declares the silos of deleted pods dead at once.</summary>
    Enabled,

    /// <summary>Never on.</summary>
    Disabled,
}
