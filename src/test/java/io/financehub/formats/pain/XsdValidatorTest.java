package io.financehub.formats.pain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.testing.SharedFixtures;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XsdValidatorTest {


    @Test
    void publishedV09SamplesValidateAgainstTheClasspathSchema() {
        Path sample = SharedFixtures.require("pain001/phpsepa-pain.001.001.09.xml");
        SchemaValidationResult result = XsdValidator.pain001v09().validate(sample);
        assertTrue(result.isValid(), result.describe());
    }

    @Test
    void schemaOfAnotherVersionRejectsTheDocumentAtItsRoot() {
        Path xsd = SharedFixtures.require("xsd/sepaxml-pain.001.001.03.xsd");
        byte[] v09 = Pain001Writer.v09().render(PaymentFixtures.twoDebtorMessage());
        SchemaValidationResult result = XsdValidator.fromFile(xsd)
                .validate(new StreamSource(new ByteArrayInputStream(v09)), "v09-as-v03.xml");
        assertFalse(result.isValid());
        assertEquals(2, result.problems().get(0).line());
        assertTrue(result.describe().startsWith("v09-as-v03.xml is not valid against sepaxml-pain.001.001.03.xsd"),
                result.describe());
    }

    @Test
    void documentWithExternalEntityIsRefusedAndTheEntityNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">&x;</Document>";
        SchemaValidationResult result = XsdValidator.pain001v09()
                .validate(new StreamSource(new StringReader(xml)), "xxe.xml");
        assertFalse(result.isValid());
        assertEquals(SchemaProblem.Severity.FATAL, result.problems().get(0).severity());
        assertTrue(result.describe().contains("DOCTYPE"), result.describe());
        assertFalse(result.describe().contains("TOP-SECRET"), result.describe());
    }

    @Test
    void malformedDocumentIsOneFatalProblemWithItsLine() {
        String xml = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n"
                + "<CstmrCdtTrfInitn>\n</Document>";
        SchemaValidationResult result = XsdValidator.pain001v09()
                .validate(new StreamSource(new StringReader(xml)), "broken.xml");
        assertFalse(result.isValid());
        SchemaProblem last = result.problems().get(result.problems().size() - 1);
        assertEquals(SchemaProblem.Severity.FATAL, last.severity());
        assertEquals(4, last.line());
    }

    @Test
    void missingSchemaFileIsReportedWithWhatToCheck(@TempDir Path dir) {
        PaymentFormatException e = assertThrows(PaymentFormatException.class,
                () -> XsdValidator.fromFile(dir.resolve("bank-profile.xsd")));
        assertTrue(e.getMessage().contains("bank-profile.xsd") && e.getMessage().contains("bank profile"),
                e.getMessage());
    }

    @Test
    void schemaOverTheNetworkIsNotFetched() throws Exception {
        PaymentFormatException e = assertThrows(PaymentFormatException.class,
                () -> XsdValidator.fromUrl(new URL("http://127.0.0.1:9/pain.001.001.09.xsd")));
        assertTrue(e.getMessage().contains("only loaded from files or the classpath"), e.getMessage());
    }

    @Test
    void schemaThatIncludesAnotherFileNextToItCompiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("types.xsd"), "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
                + "<xs:simpleType name=\"Code\"><xs:restriction base=\"xs:string\"><xs:maxLength value=\"4\"/>"
                + "</xs:restriction></xs:simpleType></xs:schema>", StandardCharsets.UTF_8);
        Path main = dir.resolve("main.xsd");
        Files.writeString(main, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
                + "<xs:include schemaLocation=\"types.xsd\"/><xs:element name=\"C\" type=\"Code\"/></xs:schema>",
                StandardCharsets.UTF_8);
        XsdValidator validator = XsdValidator.fromFile(main);
        assertTrue(validator.validate(new StreamSource(new StringReader("<C>ACTC</C>")), "ok.xml").isValid());
        SchemaValidationResult tooLong = validator.validate(new StreamSource(new StringReader("<C>ACTCX</C>")), "x.xml");
        assertFalse(tooLong.isValid());
        assertEquals("/C", tooLong.problems().get(0).elementPath());
    }
}
