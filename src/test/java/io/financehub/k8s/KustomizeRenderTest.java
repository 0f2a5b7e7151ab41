package io.financehub.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.financehub.mapping.MappingLoader;
import io.financehub.governance.runtime.Flow;
import io.financehub.platform.RequiredConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Renders every overlay with kubectl itself ({@code kubectl kustomize}, kustomize's default load restrictor: no
 * flags, as Argo CD and Flux build) and checks the objects a cluster would receive: one Deployment per flow whose
 * every reference (ConfigMaps with their hashed names, claim, service account, selectors, ports) resolves inside the
 * rendering, ConfigMaps that hold exactly the top-level routes/ and mappings/ files, the environment the prod profile
 * requires, and mappings that load as the hub loads them.
 *
 * <p>Needs kubectl with kustomize v4+ on the PATH; skipped without one, unless {@code HUB_REQUIRE_KUBECTL=true}
 * (set by {@code .ci/run}), which makes its absence a failure.
 */
class KustomizeRenderTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void kubectlPresent() {
        boolean present;
        try {
            present = run(List.of("kubectl", "version", "--client")).exit == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("HUB_REQUIRE_KUBECTL"))) {
            fail("kubectl is not on the PATH but HUB_REQUIRE_KUBECTL=true: install it (Debian 13: apt-get install kubectl)");
        }
        Assumptions.assumeTrue(present, "kubectl not on the PATH: the overlays are not rendered (KubernetesManifestsTest still checks them)");
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command) throws IOException {
        Path out = Files.createTempFile("kubectl", ".out");
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The objects {@code kubectl kustomize dir} renders, failing with kubectl's own words when it refuses. */
    static List<JsonNode> render(Path dir) throws IOException {
        Result r = run(List.of("kubectl", "kustomize", dir.toString()));
        assertEquals(0, r.exit, "kubectl kustomize " + dir + " failed:\n" + r.err);
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(r.out)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        }
        for (JsonNode o : objects) {
            assertTrue(o.path("apiVersion").isTextual() && o.path("kind").isTextual() && o.at("/metadata/name").isTextual(),
                    "every object has apiVersion, kind and metadata.name: " + o);
        }
        return objects;
    }

    static Map<String, JsonNode> byKindAndName(List<JsonNode> objects) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode o : objects) {
            String key = o.path("kind").asText() + "/" + o.at("/metadata/name").asText();
            assertTrue(out.put(key, o) == null, "rendered twice: " + key);
        }
        return out;
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (!name.equals("kustomization.yaml") && !name.equals("README.md")) {
                    out.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static Map<String, String> data(JsonNode configMap) {
        Map<String, String> out = new TreeMap<>();
        configMap.path("data").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode only(Map<String, JsonNode> objects, String kind, String namePrefix) {
        List<JsonNode> found = objects.entrySet().stream()
                .filter(e -> e.getKey().startsWith(kind + "/" + namePrefix)).map(Map.Entry::getValue).toList();
        assertEquals(1, found.size(), "exactly one " + kind + " named " + namePrefix + "*: " + objects.keySet());
        return found.get(0);
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void overlayRendersWithStockKubectlIntoOneSelfContainedDeploymentOfItsFlow(Flow flow) throws IOException {
        String suffix = "-" + flow.id();
        Map<String, JsonNode> objects = byKindAndName(render(Path.of("k8s", "overlays", flow.id())));
        assertEquals(Set.of("ConfigMap", "Deployment", "PersistentVolumeClaim", "PodDisruptionBudget", "Role", "RoleBinding", "Service",
                "ServiceAccount"),
                new TreeSet<>(objects.values().stream().map(o -> o.path("kind").asText()).toList()), objects.keySet().toString());
        for (JsonNode o : objects.values()) {
            assertTrue(o.at("/metadata/name").asText().contains(suffix), "every name carries the flow: " + o.at("/metadata/name"));
            assertEquals(flow.id(), o.at("/metadata/labels/app.kubernetes.io~1component").asText(), o.at("/metadata/name").asText());
            assertEquals("odoo-finance-hub", o.at("/metadata/labels/app.kubernetes.io~1name").asText(), o.at("/metadata/name").asText());
            assertFalse(o.path("kind").asText().equals("Secret"), "no Secret is rendered: credentials are created apart");
        }

        JsonNode deployment = only(objects, "Deployment", "odoo-finance-hub" + suffix);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        deployment.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), podLabels.path(e.getKey()), "the Deployment's selector matches its pods: " + e.getKey()));
        JsonNode service = only(objects, "Service", "odoo-finance-hub" + suffix);
        service.at("/spec/selector").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), podLabels.path(e.getKey()), "the Service selects this flow's pods only: " + e.getKey()));
        assertEquals(flow.id(), service.at("/spec/selector/app.kubernetes.io~1component").asText());
        assertTrue(objects.containsKey("ServiceAccount/" + pod.path("serviceAccountName").asText()), "service account " + pod.path("serviceAccountName"));

        assertEquals(1, pod.path("containers").size());
        JsonNode container = pod.at("/containers/0");
        Set<String> ports = new TreeSet<>();
        container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
        service.at("/spec/ports").forEach(p -> assertTrue(ports.contains(p.path("targetPort").asText()), "service port " + p));

        // every volume and envFrom points at an object of this rendering (kustomize rewrote the hashed names)
        Map<String, JsonNode> volumes = new TreeMap<>();
        for (JsonNode v : pod.path("volumes")) {
            volumes.put(v.path("name").asText(), v);
            if (v.has("configMap")) {
                assertTrue(objects.containsKey("ConfigMap/" + v.at("/configMap/name").asText()), "volume " + v);
            }
            if (v.has("persistentVolumeClaim")) {
                assertTrue(objects.containsKey("PersistentVolumeClaim/" + v.at("/persistentVolumeClaim/claimName").asText()), "volume " + v);
            }
        }
        Map<String, String> environment = new TreeMap<>();
        for (JsonNode from : container.path("envFrom")) {
            JsonNode map = objects.get("ConfigMap/" + from.at("/configMapRef/name").asText());
            assertNotNull(map, "envFrom " + from);
            environment.putAll(data(map));
        }
        List<String> flows = new ArrayList<>();
        Set<String> fromSecrets = new TreeSet<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (name.equals("HUB_FLOWS")) {
                flows.add(env.path("value").asText());
            }
            if (env.at("/valueFrom/secretKeyRef").isObject()) {
                fromSecrets.add(name);
            } else {
                assertFalse(name.matches(".*(PASSWORD|API_KEY|SECRET|TOKEN).*"), name + " must come from a Secret");
            }
            environment.put(name, env.path("value").asText(""));
        }
        assertEquals(List.of(flow.id()), flows, "exactly one HUB_FLOWS, set to the overlay's flow");

        // the prod profile refuses to start without these keys (RequiredConfig): the rendered pod supplies each
        List<String> required = new ArrayList<>(RequiredConfig.PRODUCTION_KEYS.stream().map(RequiredConfig::envName).toList());
        if (flow == Flow.BUDGET_CHECKS) {
            required.add(RequiredConfig.envName("hub.security.webhook-secret"));
        }
        assertEquals(List.of(), required.stream().filter(k -> !environment.containsKey(k)).toList(),
                "the " + flow.id() + " deployment would be refused at start-up");
        assertTrue(fromSecrets.containsAll(List.of("ODOO_API_KEY", "QUARKUS_DATASOURCE_PASSWORD")), fromSecrets.toString());
        // the console's keys are the same on every replica (a Secret), not a random key per pod
        assertTrue(fromSecrets.containsAll(List.of("HUB_CONSOLE_CSRF_KEY", "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY")), fromSecrets.toString());
        assertEquals("prod", environment.get("QUARKUS_PROFILE"));

        // the ConfigMaps hold the top-level files themselves, mounted where the hub reads them
        Map<String, String> mounts = new TreeMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        JsonNode routes = volumes.get(mounts.get(environment.get("HUB_ROUTES_DIR") + "/" + flow.id()));
        assertNotNull(routes, "routes mounted at HUB_ROUTES_DIR/" + flow.id() + ": " + mounts);
        assertEquals(files(Path.of("routes", flow.id())), data(objects.get("ConfigMap/" + routes.at("/configMap/name").asText())),
                "the routes ConfigMap holds exactly routes/" + flow.id());
        JsonNode mappings = volumes.get(mounts.get(environment.get("HUB_MAPPINGS_DIR")));
        assertNotNull(mappings, "mappings mounted at HUB_MAPPINGS_DIR: " + mounts);
        Map<String, String> mappingData = data(objects.get("ConfigMap/" + mappings.at("/configMap/name").asText()));
        assertEquals(files(Path.of("mappings")), mappingData, "the mappings ConfigMap holds exactly mappings/");
        assertEquals(new TreeSet<>(MappingLoader.FILES), mappingData.keySet());
        Path mounted = Files.createTempDirectory("hub-mappings-configmap");
        for (Map.Entry<String, String> e : mappingData.entrySet()) {
            Files.writeString(mounted.resolve(e.getKey()), e.getValue());
        }
        MappingLoader.load(mounted); // what the pod loads at start-up: throws listing every error

        // replicas: leader election by Lease in the pod's namespace, with just the rights it needs; a disruption budget
        assertEquals("kubernetes", environment.get("HUB_CLUSTER_SERVICE"));
        JsonNode role = only(objects, "Role", "odoo-finance-hub-leases");
        assertEquals("[\"leases\"]", role.at("/rules/0/resources").toString());
        assertEquals(1, role.path("rules").size(), "no other API access");
        JsonNode binding = only(objects, "RoleBinding", "odoo-finance-hub-leases");
        assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
        assertEquals(pod.path("serviceAccountName").asText(), binding.at("/subjects/0/name").asText());
        JsonNode budget = only(objects, "PodDisruptionBudget", "odoo-finance-hub");
        budget.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), podLabels.path(e.getKey()), "the disruption budget selects this flow's pods: " + e.getKey()));
        assertEquals(flow.id(), budget.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > 200, "a late Odoo answer can be waited out on SIGTERM");

        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
    }

    @org.junit.jupiter.api.Test
    void theTwoReplicaExampleRendersTwoPodsOnASharedVolumeThatRollOneAtATime() throws IOException {
        Map<String, JsonNode> objects = byKindAndName(render(Path.of("k8s", "examples", "two-replicas")));
        JsonNode deployment = only(objects, "Deployment", "odoo-finance-hub-payment-files");
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals("[\"ReadWriteMany\"]", only(objects, "PersistentVolumeClaim", "odoo-finance-hub-work").at("/spec/accessModes").toString());
        assertEquals(1, only(objects, "PodDisruptionBudget", "odoo-finance-hub").at("/spec/maxUnavailable").asInt());
    }
}
