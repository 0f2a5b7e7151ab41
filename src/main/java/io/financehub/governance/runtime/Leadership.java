package io.financehub.governance.runtime;

import io.financehub.governance.audit.AuditRecord;
import io.financehub.governance.audit.AuditTrail;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.jboss.logging.Logger;

/**
 * Which instance leads each running flow's singleton work ({@link #namespace}): the cluster service is
 * started with the Camel context, the leadership of every running flow is watched, and each change is logged and
 * audited ({@code cluster.leadership-acquired} / {@code cluster.leadership-lost}, subject {@code cluster:<namespace>},
 * naming this instance), so the audit trail shows which instance held a flow's singleton work when. Java-scheduled
 * work asks {@link #isLeader} before it runs.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    /** The leadership namespace of a flow's singleton work ({@code master:<namespace>:<endpoint>} in the routes). */
    public static String namespace(Flow flow) {
        return "hub-" + flow.id();
    }

    /** This instance in leadership records: the pod name in Kubernetes, else host and process id. */
    public static String instanceId() {
        String pod = System.getenv("HOSTNAME");
        String runtime = java.lang.management.ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return pod != null && !pod.isBlank() ? pod + "/" + runtime.split("@")[0] : runtime;
    }

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
    /** What this instance last recorded per flow: whether it led. */
    private final Map<Flow, Boolean> recorded = new ConcurrentHashMap<>();

    /**
     * Looks at each running flow's leadership every second and audits changes, off the cluster service's threads (an
     * audit write must never hold up an election). Looking, rather than listening for the view's events, records what
     * this instance actually holds whichever way the cluster service reports it.
     */
    private final java.util.concurrent.ScheduledExecutorService watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-leadership-watch");
        t.setDaemon(true);
        return t;
    });

    @jakarta.annotation.PreDestroy
    void stop() {
        watcher.shutdownNow();
    }

    void start(@Observes StartupEvent started) throws Exception {
        if (!camel.hasService(cluster)) {
            camel.addService(cluster, true, true);
        }
        for (Flow flow : flows.enabled()) {
            // held for the process's life: the view (and its election) lives as long as someone holds it
            views.put(flow, cluster.getView(namespace(flow)));
        }
        watcher.scheduleWithFixedDelay(this::watch, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void watch() {
        for (Map.Entry<Flow, CamelClusterView> e : views.entrySet()) {
            try {
                CamelClusterView view = e.getValue();
                boolean leads = view.getLocalMember().isLeader();
                Boolean before = recorded.get(e.getKey());
                if (before == null || before != leads) {
                    changed(e.getKey(), view, leads);
                    recorded.put(e.getKey(), leads);
                }
            } catch (RuntimeException failure) {
                LOG.warnf("Leadership of %s could not be looked at or audited: %s", e.getKey().id(), failure.getMessage());
            }
        }
    }

    private void changed(Flow flow, CamelClusterView view, boolean local) {
        String instance = instanceId();
        String action = local ? "cluster.leadership-acquired" : "cluster.leadership-lost";
        String summary = local ? "instance " + instance + " leads the singleton work of " + flow.id()
                : "instance " + instance + " does not lead " + flow.id()
                        + view.getLeader().map(l -> " (leader: " + l.getId() + ")").orElse("");
        LOG.infof("Leadership of %s: %s", view.getNamespace(), summary);
        audit.append(AuditRecord.of("system:" + flow.id(), flow.id(), "cluster-" + instance,
                "cluster:" + view.getNamespace(), action, summary, summary));
    }

    /** Whether this instance leads the flow's singleton work now. */
    public boolean isLeader(Flow flow) {
        CamelClusterView view = views.get(flow);
        return view != null && view.getLocalMember().isLeader();
    }
}
