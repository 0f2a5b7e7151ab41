package io.financehub.platform.cluster;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The cluster service that elects one leader per flow among the hub instances running it, so singleton work
 * (schedules, saga recovery, polling and settling, the status inbox, event publication) runs on one instance at a
 * time: YAML routes take it as {@code master:<namespace>:<endpoint>}. {@code hub.cluster.service} chooses it:
 * {@code kubernetes} (a coordination.k8s.io Lease per namespace, for replicas of a Deployment) or {@code file} (a
 * lock file per namespace under {@code hub.cluster.file.root}, {@link FileLockLeadership}: processes on one machine,
 * the embedded default and the tests; the operating system releases the lock of a killed process at once).
 */
@Singleton
public class HubCluster {

    @Produces
    @Singleton
    @Unremovable
    @Named("hubClusterService")
    CamelClusterService clusterService(
            @ConfigProperty(name = "hub.cluster.service", defaultValue = "file") String kind,
            @ConfigProperty(name = "hub.work-dir") String workDir,
            @ConfigProperty(name = "hub.cluster.file.root") Optional<String> fileRoot,
            @ConfigProperty(name = "hub.cluster.file.acquire-lock-interval", defaultValue = "PT5S") Duration fileInterval,
            @ConfigProperty(name = "hub.cluster.kubernetes.namespace") Optional<String> kubernetesNamespace,
            @ConfigProperty(name = "hub.cluster.kubernetes.lease-duration", defaultValue = "PT15S") Duration leaseDuration,
            @ConfigProperty(name = "hub.cluster.kubernetes.renew-deadline", defaultValue = "PT10S") Duration renewDeadline,
            @ConfigProperty(name = "hub.cluster.kubernetes.retry-period", defaultValue = "PT2S") Duration retryPeriod) {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "file":
                return new FileLockLeadership("hub-file-cluster",
                        Path.of(fileRoot.orElse(Path.of(workDir, ".cluster").toString())), fileInterval);
            case "kubernetes": {
                KubernetesClusterService lease = new KubernetesClusterService();
                lease.setId("hub-kubernetes-cluster");
                lease.setLeaseResourceType(LeaseResourceType.Lease);
                kubernetesNamespace.ifPresent(lease::setKubernetesNamespace);
                Optional.ofNullable(System.getenv("HOSTNAME")).ifPresent(lease::setPodName);
                lease.setLeaseDurationMillis(leaseDuration.toMillis());
                lease.setRenewDeadlineMillis(renewDeadline.toMillis());
                lease.setRetryPeriodMillis(retryPeriod.toMillis());
                return lease;
            }
            default:
                throw new IllegalArgumentException("hub.cluster.service must be 'file' or 'kubernetes', not '" + kind + "'");
        }
    }
}
