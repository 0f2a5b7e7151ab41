package io.financehub.platform.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.jboss.logging.Logger;
import io.financehub.governance.runtime.Leadership;

/**
 * Camel's cluster-service SPI over an exclusive lock on one file per namespace ({@code <root>/<namespace>}): the
 * process holding the lock leads; the operating system releases it when that process ends, however it ends, and
 * the next process to try takes it (every {@code acquireInterval}). For processes on one machine: the embedded
 * default, two hubs side by side, the tests. Camel's own {@code FileLockClusterService} (4.14) fires its leadership
 * events while holding the lock that {@code isLeader()} needs, so a {@code master:} route starting just as its view
 * takes the lock deadlocks the start-up (reproduced in this suite); here {@code getLeader()} reads a volatile field
 * and events fire without any lock held.
 */
public final class FileLockLeadership extends AbstractCamelClusterService<FileLockLeadership.View> {

    private static final Logger LOG = Logger.getLogger(FileLockLeadership.class);

    private final Path root;
    private final Duration acquireInterval;
    /** Created with the service: a {@code master:} route may start its view before Camel starts the service. */
    private final ScheduledExecutorService executor;

    public FileLockLeadership(String id, Path root, Duration acquireInterval) {
        setId(id);
        this.root = root;
        this.acquireInterval = acquireInterval;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-leadership-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    protected View createView(String namespace) {
        return new View(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        Files.createDirectories(root);
        super.doStart();
    }

    @Override
    protected void doShutdown() throws Exception {
        super.doShutdown();
        executor.shutdownNow();
    }

    /** One namespace: leader while this process holds the lock on its file. */
    public static final class View extends AbstractCamelClusterView {
        private final Path file;
        private final Member local = new Member();
        private final Object channelLock = new Object();
        private volatile FileLock held;
        private FileChannel channel;
        private ScheduledFuture<?> task;

        View(FileLockLeadership service, String namespace) {
            super(service, namespace);
            this.file = service.root.resolve(namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return local.isLeader() ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        protected void doStart() throws Exception {
            FileLockLeadership service = (FileLockLeadership) getClusterService();
            Files.createDirectories(service.root);
            synchronized (channelLock) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            task = service.executor.scheduleWithFixedDelay(this::attempt, 0, service.acquireInterval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() throws Exception {
            if (task != null) {
                task.cancel(false);
            }
            boolean wasLeader = local.isLeader();
            synchronized (channelLock) {
                if (held != null && held.isValid()) {
                    held.release();
                }
                held = null;
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
            }
            if (wasLeader) {
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
        }

        /** One scheduled attempt; a failure is logged, never allowed to end the schedule. */
        private void attempt() {
            try {
                keepOrTake();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Leadership of %s: attempt failed", getNamespace());
            }
        }

        /** Keeps or takes the lock; fires a leadership event, with no lock held, when that changes. */
        private void keepOrTake() {
            if (local.isLeader()) {
                return;
            }
            boolean lost = held != null;
            FileLock taken = null;
            synchronized (channelLock) {
                held = null;
                if (channel != null && channel.isOpen()) {
                    try {
                        taken = channel.tryLock();
                    } catch (OverlappingFileLockException inThisProcess) {
                        taken = null;
                    } catch (IOException e) {
                        LOG.warnf("Leadership lock %s cannot be tried: %s", file, e.getMessage());
                    }
                }
                held = taken;
            }
            if (lost) {
                LOG.infof("Leadership lock %s lost", file);
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
            if (taken != null) {
                LOG.infof("Leadership lock %s taken: this process leads %s", file, getNamespace());
                fireLeadershipChangedEvent(local);
            }
        }

        private final class Member implements CamelClusterMember {
            @Override
            public boolean isLeader() {
                FileLock lock = held;
                return lock != null && lock.isValid();
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return Leadership.instanceId();
            }
        }
    }
}
