package io.financehub.platform.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The file-lock leader election of the embedded default: one leader per namespace, listeners told of every change. */
class FileLockLeadershipTest {

    @Test
    void oneServiceLeadsEachNamespaceAndTheOtherTakesOverWhenItStops() throws Exception {
        Path root = Files.createTempDirectory("leadership");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            FileLockLeadership first = new FileLockLeadership("first", root, Duration.ofMillis(100));
            FileLockLeadership second = new FileLockLeadership("second", root, Duration.ofMillis(100));
            first.setCamelContext(camel);
            second.setCamelContext(camel);
            first.start();
            List<String> events = new CopyOnWriteArrayList<>();
            CamelClusterView a1 = first.getView("ns-a");
            CamelClusterView b1 = first.getView("ns-b");
            a1.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> events.add("a1:" + (leader != null)));
            await().atMost(Duration.ofSeconds(5)).until(() -> a1.getLocalMember().isLeader() && b1.getLocalMember().isLeader());

            second.start();
            CamelClusterView a2 = second.getView("ns-a");
            a2.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> events.add("a2:" + (leader != null)));
            Thread.sleep(500);
            assertFalse(a2.getLocalMember().isLeader(), "one leader per namespace");

            first.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> a2.getLocalMember().isLeader());
            assertTrue(events.contains("a1:true") && events.contains("a1:false") && events.contains("a2:true"), events.toString());
            second.stop();
        }
    }
}
