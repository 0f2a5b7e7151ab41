package io.financehub.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.financehub.governance.runtime.Flow;
import io.financehub.platform.RequiredConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Offline check of k8s/ (no kubectl needed): merges each overlay the way kustomize does for what the overlays use
 * (base resources, name suffix, strategic merge of the flow patch by env name and mount path) and checks that each
 * deployment runs exactly its flow, with its routes and the mappings, least privilege and probes. Every ConfigMap
 * generator reads only files in or below its own kustomization (kustomize's default load restrictor).
 * {@link KustomizeRenderTest} renders the same overlays with kubectl itself.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path K8S = Path.of("k8s");

    private static JsonNode yaml(Path p) throws IOException {
        return YAML.readTree(p.toFile());
    }

    private static List<JsonNode> yamlDocuments(Path p) throws IOException {
        try (var parser = YAML.getFactory().createParser(p.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        }
    }

    private static Set<String> files(Path dir, String exclude) throws IOException {
        Set<String> out = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> !n.equals(exclude)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The files of the ConfigMap generator {@code name}, looked for in the kustomization of {@code dir} and in the
     * kustomizations it includes as resources (folders), as kustomize does.
     */
    private static Set<String> generatorFiles(Path dir, String name) throws IOException {
        Set<String> out = new TreeSet<>();
        JsonNode kustomization = yaml(dir.resolve("kustomization.yaml"));
        for (JsonNode gen : kustomization.path("configMapGenerator")) {
            if (gen.path("name").asText().equals(name)) {
                for (JsonNode f : gen.path("files")) {
                    Path file = dir.resolve(f.asText()).normalize();
                    assertTrue(Files.isRegularFile(file), "missing " + file);
                    assertTrue(file.startsWith(dir.normalize()), file + " is outside " + dir + ": kustomize's default load restrictor refuses it");
                    out.add(file.getFileName().toString());
                }
            }
        }
        for (JsonNode resource : kustomization.path("resources")) {
            Path included = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(included)) {
                out.addAll(generatorFiles(included, name));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void eachOverlayRendersADeploymentRunningExactlyItsFlow(Flow flow) throws IOException {
        Path overlay = K8S.resolve("overlays").resolve(flow.id());
        JsonNode kustomization = yaml(overlay.resolve("kustomization.yaml"));
        assertEquals(List.of("../../base", "../../../routes/" + flow.id()), YAML.convertValue(kustomization.get("resources"), List.class));
        assertEquals("-" + flow.id(), kustomization.path("nameSuffix").asText());
        assertEquals(files(Path.of("routes", flow.id()), "kustomization.yaml"), generatorFiles(overlay, "hub-routes"),
                "the overlay's hub-routes ConfigMap must hold exactly the files of routes/" + flow.id());

        ObjectNode deployment = (ObjectNode) yaml(K8S.resolve("base/deployment.yaml"));
        for (JsonNode patch : kustomization.path("patches")) {
            merge(deployment, yaml(overlay.resolve(patch.path("path").asText())));
        }
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        List<String> flows = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("HUB_FLOWS")) {
                flows.add(env.path("value").asText());
            }
        }
        assertEquals(List.of(flow.id()), flows, "exactly one HUB_FLOWS, set to the overlay's flow");
        List<String> routeMounts = new ArrayList<>();
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals("routes")) {
                routeMounts.add(m.path("mountPath").asText());
            }
        }
        assertEquals(List.of("/config/routes/" + flow.id()), routeMounts, "routes mounted where hub.routes-dir expects the flow");

        // the prod profile refuses to start without these keys (RequiredConfig): each deployment must supply them,
        // from its container's env or the hub-environment ConfigMap it loads, and the webhook flow its secret
        Set<String> supplied = new TreeSet<>();
        container.path("env").forEach(env -> supplied.add(env.path("name").asText()));
        for (JsonNode from : container.path("envFrom")) {
            String map = from.at("/configMapRef/name").asText();
            for (JsonNode gen : yaml(K8S.resolve("base/kustomization.yaml")).path("configMapGenerator")) {
                if (gen.path("name").asText().equals(map)) {
                    gen.path("literals").forEach(l -> supplied.add(l.asText().substring(0, l.asText().indexOf('='))));
                }
            }
        }
        List<String> required = new ArrayList<>(RequiredConfig.PRODUCTION_KEYS.stream().map(RequiredConfig::envName).toList());
        if (flow == Flow.BUDGET_CHECKS) {
            required.add(RequiredConfig.envName("hub.security.webhook-secret"));
        }
        List<String> missing = required.stream().filter(k -> !supplied.contains(k)).toList();
        assertEquals(List.of(), missing, "the " + flow.id() + " deployment would be refused at start-up (or its webhook answer 401)");
        for (JsonNode env : container.path("env")) {
            assertFalse(env.path("name").asText().matches(".*(PASSWORD|API_KEY|SECRET).*") && !env.at("/valueFrom/secretKeyRef").isObject(),
                    env.path("name").asText() + " must come from a Secret");
        }
    }

    @Test
    void baseRunsNonRootWithProbesResourcesSecretsAndAllMappings() throws IOException {
        JsonNode kustomization = yaml(K8S.resolve("base/kustomization.yaml"));
        Set<String> mappingFiles = files(Path.of("mappings"), "README.md");
        mappingFiles.remove("kustomization.yaml");
        assertEquals(mappingFiles, generatorFiles(K8S.resolve("base"), "hub-mappings"));
        JsonNode pod = yaml(K8S.resolve("base/deployment.yaml")).at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        // the token is mounted for leader election only: its account may touch Leases and nothing else
        assertTrue(pod.path("automountServiceAccountToken").asBoolean(false));
        List<JsonNode> rbac = yamlDocuments(K8S.resolve("base/role.yaml"));
        JsonNode rules = rbac.stream().filter(d -> d.path("kind").asText().equals("Role")).findFirst().orElseThrow().path("rules");
        assertEquals(1, rules.size(), rules.toString());
        assertEquals("[\"coordination.k8s.io\"]", rules.at("/0/apiGroups").toString());
        assertEquals("[\"leases\"]", rules.at("/0/resources").toString());
        JsonNode binding = rbac.stream().filter(d -> d.path("kind").asText().equals("RoleBinding")).findFirst().orElseThrow();
        assertEquals(pod.path("serviceAccountName").asText(), binding.at("/subjects/0/name").asText());
        assertFalse(rbac.stream().anyMatch(d -> d.path("kind").asText().startsWith("Cluster")), "no cluster-wide rights");
        JsonNode c = pod.at("/containers/0");
        assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertTrue(c.at("/resources/requests/cpu").isTextual() && c.at("/resources/requests/memory").isTextual());
        assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertTrue(c.path("image").asText().matches(".+:[0-9][^:]*$"), "image tag pinned: " + c.path("image").asText());
        Set<String> fromSecrets = new TreeSet<>();
        for (JsonNode env : c.path("env")) {
            if (env.at("/valueFrom/secretKeyRef").isObject()) {
                fromSecrets.add(env.path("name").asText());
            }
            assertFalse(env.path("name").asText().matches(".*(PASSWORD|API_KEY|SECRET).*") && env.has("value"),
                    env.path("name").asText() + " must come from a Secret");
        }
        assertEquals(Set.of("ODOO_API_KEY", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "HUB_CONSOLE_CSRF_KEY",
                "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY"), fromSecrets);
        for (JsonNode resource : kustomization.path("resources")) {
            if (Files.isDirectory(K8S.resolve("base").resolve(resource.asText()))) {
                continue; // an included kustomization (the mappings' ConfigMap)
            }
            JsonNode doc = yaml(K8S.resolve("base").resolve(resource.asText()));
            assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind") && doc.at("/metadata/name").isTextual(), resource.asText());
        }
    }

    /** Strategic merge as kustomize applies it to what our patches touch: maps merge, lists by key. */
    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else if (existing instanceof ArrayNode list && e.getValue().isArray()) {
                for (JsonNode item : e.getValue()) {
                    String key = item.has("mountPath") ? "mountPath" : "name";
                    ObjectNode match = null;
                    for (JsonNode old : list) {
                        if (old.path(key).equals(item.path(key))) {
                            match = (ObjectNode) old;
                        }
                    }
                    if (match != null && item.isObject()) {
                        merge(match, item);
                    } else {
                        list.add(item.deepCopy());
                    }
                }
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }
}
