package io.financehub.flows.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.formats.pain.Pain001Version;
import io.financehub.formats.pain.Pain001Writer;
import io.financehub.formats.pain.PaymentFormatException;
import io.financehub.formats.pain.PaymentIds;
import io.financehub.formats.pain.XsdValidator;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saga's file step: render once into the temporary file, validate the same bytes, keep only a valid file. */
class PaymentFileOutputTest {

    @TempDir
    Path dir;

    static PaymentMessage message(int payments) {
        String tag = PaymentIds.databaseTag("demo");
        BatchSnapshot snapshot = PaymentFileBenchmarkTest.snapshot(payments, tag);
        BigDecimal sum = snapshot.lines().stream().map(l -> new BigDecimal(l.amount())).reduce(BigDecimal.ZERO, BigDecimal::add);
        PaymentBatchView view = new PaymentBatchView("00000000-0000-0000-0000-000000000002", 2, "run", "DE01", "BNK1", "sepa-de",
                "pain.001.001.09", "EUR", LocalDate.of(2026, 11, 24), sum, payments, PaymentIds.messageId(tag, 2), "RELEASED", false,
                "operator", null, null, null, null, "test", Instant.EPOCH, List.of());
        return PaymentMessage.of(BatchRendering.toCanonical(view, snapshot, tag, true));
    }

    @Test
    void validFileIsOnDiskWithTheDigestOfItsBytes() throws Exception {
        Path file = dir.resolve(".FH-DEMO-M2.xml.tmp");
        PaymentFileOutput.Written written = PaymentFileOutput.write(Pain001Writer.v09(), message(3000), XsdValidator.pain001v09(), file,
                "FH-DEMO-M2.xml");
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(bytes.length, written.bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), written.sha256());
        assertTrue(XsdValidator.pain001v09().validate(file).isValid());
    }

    @Test
    void fileTheSchemaRefusesIsRemovedAndTheProblemNamesTheFile() {
        Path file = dir.resolve(".FH-DEMO-M2.xml.tmp");
        // a real schema the file does not satisfy: pain.001.001.03 for a .09 document
        XsdValidator other = XsdValidator.fromClasspath(XsdValidator.PAIN_001_001_03_DK_CLASSPATH);
        PaymentFormatException e = assertThrows(PaymentFormatException.class,
                () -> PaymentFileOutput.write(Pain001Writer.v09(), message(3000), other, file, "FH-DEMO-M2.xml"));
        assertTrue(e.getMessage().contains("FH-DEMO-M2.xml"), e.getMessage());
        assertFalse(Files.exists(file), "no partial or invalid file is left");
    }

    @Test
    void unwritableTargetFailsWithWhatToCheckAndDoesNotHang() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("outbox"), "a file where the outbox should be");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> PaymentFileOutput.write(
                new Pain001Writer(Pain001Version.V09), message(10), XsdValidator.pain001v09(), notADirectory.resolve(".x.tmp"), "x.xml"));
        assertTrue(e.getMessage().contains("outbox"), e.getMessage());
    }
}
