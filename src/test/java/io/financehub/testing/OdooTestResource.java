package io.financehub.testing;

import io.financehub.sandbox.odoo.OdooEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The Odoo emulator with the demo data (the data mappings/ refers to), in the version mode given by the
 * {@code version} init argument (default 17), with short connector timeouts and back-offs so failure tests run
 * in seconds.
 *
 * <p>A test profile picks another emulator by declaring public no-argument methods {@code int odooVersion()}
 * and/or {@code boolean odooUniqueImportId()} (read reflectively: the profile may live in another class
 * loader), so one Quarkus start per profile talks to the emulator of that version. {@code boolean
 * odooOutOfProcess()} returning true runs that emulator in a JVM of its own (benchmarks measuring the hub's heap).
 */
public class OdooTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_USER = "hub-integration";
    public static final String API_KEY = "demo-hub-api-key";

    private int version = 17;
    private Integer profileVersion;
    private boolean uniqueImportId;
    private boolean outOfProcess;

    @Override
    public void init(Map<String, String> initArgs) {
        version = Integer.parseInt(initArgs.getOrDefault("version", "17"));
    }

    @Override
    public void setContext(Context context) {
        String profile = context.testProfile();
        if (profile == null || profile.isBlank()) {
            return;
        }
        try {
            Class<?> type = Class.forName(profile, true, Thread.currentThread().getContextClassLoader());
            Object instance = type.getDeclaredConstructor().newInstance();
            for (java.lang.reflect.Method m : type.getMethods()) {
                if (m.getParameterCount() == 0 && m.getName().equals("odooVersion")) {
                    profileVersion = ((Number) m.invoke(instance)).intValue();
                } else if (m.getParameterCount() == 0 && m.getName().equals("odooUniqueImportId")) {
                    uniqueImportId = Boolean.TRUE.equals(m.invoke(instance));
                } else if (m.getParameterCount() == 0 && m.getName().equals("odooOutOfProcess")) {
                    outOfProcess = Boolean.TRUE.equals(m.invoke(instance));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the Odoo emulator choice of test profile " + profile, e);
        }
    }

    @Override
    public Map<String, String> start() {
        int chosen = profileVersion != null ? profileVersion : version;
        version = uniqueImportId ? 17 : chosen;
        Map<String, String> config = new HashMap<>();
        config.put("odoo.url", outOfProcess ? SharedServers.odooProcess(chosen).toString()
                : (uniqueImportId ? SharedServers.odooWithUniqueImportId() : SharedServers.odoo(chosen)).url().toString());
        config.put("odoo.database", SharedServers.ODOO_DATABASE);
        config.put("odoo.username", SERVICE_USER);
        config.put("odoo.api-key", API_KEY);
        config.put("hub.test.odoo-version", Integer.toString(version));
        config.put("hub.test.odoo-unique-import-id", Boolean.toString(uniqueImportId));
        return config;
    }

    @Override
    public void stop() {
        // shared across Quarkus restarts; stopped at JVM exit
    }

    /** The emulator the running application talks to. */
    public static OdooEmulator emulator(int version) {
        return SharedServers.odoo(version);
    }

    /** The emulator the running application talks to, given the test's {@code hub.test.*} settings. */
    public static OdooEmulator emulator(int version, boolean uniqueImportId) {
        return uniqueImportId ? SharedServers.odooWithUniqueImportId() : SharedServers.odoo(version);
    }
}
