package io.financehub.flows.payments;

import io.financehub.formats.pain.Pain001Version;
import io.financehub.formats.pain.XsdValidator;
import io.financehub.mapping.MappingTables.BankProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which schema a batch's file is validated against: the bank profile's own XSD file when it names one, else the
 * official schema of the version shipped in a dependency (pain.001.001.09 ISO; .03 the DK/EPC SEPA schema).
 * Compiled once per schema.
 */
@ApplicationScoped
public class PaymentSchemas {

    private final Map<String, XsdValidator> compiled = new ConcurrentHashMap<>();

    public XsdValidator forProfile(BankProfile profile, Pain001Version version) {
        if (profile.schema().isPresent()) {
            String file = profile.schema().get();
            return compiled.computeIfAbsent("file:" + file, k -> XsdValidator.fromFile(Path.of(file)));
        }
        if (version == Pain001Version.V03) {
            return compiled.computeIfAbsent("v03", k -> XsdValidator.fromClasspath(XsdValidator.PAIN_001_001_03_DK_CLASSPATH));
        }
        return XsdValidator.pain001v09();
    }
}
