package io.financehub.platform;

import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.jboss.logging.Logger;

/**
 * Which instance leads each running flow's singleton work ({@link HubCluster#namespace}): the cluster service is
 * started with the Camel context, the leadership of every running flow is watched, and each change is logged and
 * audited ({@code cluster.leadership-acquired} / {@code cluster.leadership-lost}, subject {@code cluster:<namespace>},
 * naming this instance), so the audit trail shows which instance held a flow's singleton work when. Java-scheduled
 * work asks {@link #isLeader} before it runs.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    @Inject
    CamelContext camel;

    @Inject
    @Named("hubClusterService")
    CamelClusterService cluster;

    @Inject
    HubFlows flows;

    @Inject
    AuditTrail audit;

    private final Map<Flow, CamelClusterView> views = new ConcurrentHashMap<>();

    /** Audits leadership changes off the cluster service's thread: an audit write must never hold up an election. */
    private final java.util.concurrent.ExecutorService auditor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hub-leadership-audit");
        t.setDaemon(true);
        return t;
    });

    @jakarta.annotation.PreDestroy
    void stop() {
        auditor.shutdown();
    }

    void start(@Observes StartupEvent started) throws Exception {
        if (!camel.hasService(cluster)) {
            camel.addService(cluster, true, true);
        }
        for (Flow flow : flows.enabled()) {
            CamelClusterView view = cluster.getView(HubCluster.namespace(flow));
            view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> changed(flow, v, Optional.ofNullable(leader)));
            views.put(flow, view);
        }
    }

    private void changed(Flow flow, CamelClusterView view, Optional<CamelClusterMember> leader) {
        boolean local = leader.map(CamelClusterMember::isLocal).orElse(false);
        String instance = HubCluster.instanceId();
        String action = local ? "cluster.leadership-acquired" : "cluster.leadership-lost";
        String summary = local ? "instance " + instance + " leads the singleton work of " + flow.id()
                : "instance " + instance + " does not lead " + flow.id() + " (leader: " + leader.map(CamelClusterMember::getId).orElse("none") + ")";
        LOG.infof("Leadership of %s: %s", view.getNamespace(), summary);
        auditor.execute(() -> {
            try {
                audit.append(AuditRecord.of("system:" + flow.id(), flow.id(), "cluster-" + instance,
                        "cluster:" + view.getNamespace(), action, summary, summary));
            } catch (RuntimeException e) {
                LOG.warnf("Leadership change of %s could not be audited: %s", view.getNamespace(), e.getMessage());
            }
        });
    }

    /** Whether this instance leads the flow's singleton work now. */
    public boolean isLeader(Flow flow) {
        CamelClusterView view = views.get(flow);
        return view != null && view.getLocalMember().isLeader();
    }
}
