package io.financehub.flows.payments;

import io.financehub.formats.pain.Pain001Version;
import io.financehub.formats.pain.PaymentFormatException;
import io.financehub.formats.pain.XsdValidator;
import io.financehub.mapping.MappingTables.BankProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which schema a batch's file is validated against: the bank profile's own XSD file when it names one, else the
 * official schema of the version shipped in a dependency (pain.001.001.09: ISO; .03: the DK/EPC SEPA schema, which
 * fits SEPA profiles only). Each schema is compiled once and kept: {@link XsdValidator} holds a thread-safe
 * {@link javax.xml.validation.Schema} and makes a validator per document.
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
            if (!profile.sepaOnly()) {
                // the only .03 schema in the dependencies restricts to SEPA (EUR, IBAN): it would refuse every file
                throw new PaymentFormatException("Bank profile " + profile.id() + " writes non-SEPA pain.001.001.03, and no "
                        + "schema shipped with the hub accepts it (the DK schema is SEPA-only); set 'schema:' on the profile in "
                        + "mappings/bank-profiles.yaml to the bank's pain.001.001.03 XSD, or use pain.001.001.09");
            }
            return compiled.computeIfAbsent("v03", k -> XsdValidator.fromClasspath(XsdValidator.PAIN_001_001_03_DK_CLASSPATH));
        }
        return XsdValidator.pain001v09();
    }
}
