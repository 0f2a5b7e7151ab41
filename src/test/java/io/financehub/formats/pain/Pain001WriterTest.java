package io.financehub.formats.pain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.prowidesoftware.swift.model.mx.MxPain00100103;
import com.prowidesoftware.swift.model.mx.MxPain00100109;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstruction30;
import io.financehub.canonical.Bic;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.canonical.payment.AccountIdentification;
import io.financehub.canonical.payment.ChargeBearer;
import io.financehub.canonical.payment.Party;
import io.financehub.canonical.payment.PaymentBatch;
import io.financehub.canonical.payment.PaymentInstruction;
import io.financehub.canonical.payment.PaymentMessage;
import io.financehub.canonical.payment.PostalAddress;
import io.financehub.canonical.payment.Remittance;
import io.financehub.canonical.payment.ServiceLevel;
import io.financehub.testing.SharedFixtures;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class Pain001WriterTest {


    private static XsdValidator fixtureSchema(String file) {
        Path xsd = SharedFixtures.require("xsd/" + file);
        return XsdValidator.fromFile(xsd);
    }

    private static byte[] render(Pain001Version version) {
        return new Pain001Writer(version).render(PaymentFixtures.twoDebtorMessage());
    }

    @Test
    void twoDebtorFileAsV09ValidatesAgainstTheOfficialSchema() {
        byte[] xml = render(Pain001Version.V09);
        SchemaValidationResult result = fixtureSchema("sepaxml-pain.001.001.09.xsd")
                .validate(new StreamSource(new ByteArrayInputStream(xml)), "two-debtor.xml");
        assertTrue(result.isValid(), result.describe());
    }

    @Test
    void twoDebtorFileAsV03ValidatesAgainstTheOfficialSchema() {
        byte[] xml = render(Pain001Version.V03);
        SchemaValidationResult result = fixtureSchema("sepaxml-pain.001.001.03.xsd")
                .validate(new StreamSource(new ByteArrayInputStream(xml)), "two-debtor-03.xml");
        assertTrue(result.isValid(), result.describe());
    }

    @Test
    void sepaV03FileMeetsTheGermanDkRestrictionWithCountryAndTwoAddressLines() throws Exception {
        byte[] xml = render(Pain001Version.V03);
        SchemaValidationResult result = XsdValidator.fromClasspath(XsdValidator.PAIN_001_001_03_DK_CLASSPATH)
                .validate(new StreamSource(new ByteArrayInputStream(xml)), "two-debtor-03.xml");
        assertTrue(result.isValid(), result.describe());
        Document doc = parse(xml);
        XPath xp = xpath(Pain001Version.V03);
        String cdtr = "//p:CdtTrfTxInf[p:PmtId/p:EndToEndId='" + PaymentIds.endToEndId("ACME", 1001) + "']/p:Cdtr";
        assertEquals("Konigsallee 92a", xp.evaluate(cdtr + "/p:PstlAdr/p:AdrLine[1]", doc));
        assertEquals("40212 Dusseldorf", xp.evaluate(cdtr + "/p:PstlAdr/p:AdrLine[2]", doc));
        assertEquals("DE", xp.evaluate(cdtr + "/p:PstlAdr/p:Ctry", doc));
        assertEquals("", xp.evaluate(cdtr + "/p:PstlAdr/p:StrtNm", doc));
    }

    @Test
    void v09FileValidatesAgainstTheSchemaShippedOnTheClasspath() {
        SchemaValidationResult result = XsdValidator.pain001v09()
                .validate(new StreamSource(new ByteArrayInputStream(render(Pain001Version.V09))), "two-debtor.xml");
        assertTrue(result.isValid(), result.describe());
    }

    @Test
    void countsAndControlSumsMatchAtGroupAndBlockLevel() throws Exception {
        MxPain00100109 mx = MxPain00100109.parse(new String(render(Pain001Version.V09), StandardCharsets.UTF_8));
        assertEquals("5", mx.getCstmrCdtTrfInitn().getGrpHdr().getNbOfTxs());
        assertEquals(new BigDecimal("1667.70"), mx.getCstmrCdtTrfInitn().getGrpHdr().getCtrlSum());
        List<PaymentInstruction30> blocks = mx.getCstmrCdtTrfInitn().getPmtInf();
        assertEquals(2, blocks.size());
        assertEquals("3", blocks.get(0).getNbOfTxs());
        assertEquals(new BigDecimal("1357.49"), blocks.get(0).getCtrlSum());
        assertEquals("2", blocks.get(1).getNbOfTxs());
        assertEquals(new BigDecimal("310.21"), blocks.get(1).getCtrlSum());
        for (PaymentInstruction30 block : blocks) {
            BigDecimal sum = BigDecimal.ZERO;
            for (CreditTransferTransaction34 tx : block.getCdtTrfTxInf()) {
                sum = sum.add(tx.getAmt().getInstdAmt().getValue());
            }
            assertEquals(block.getCtrlSum(), sum, "CtrlSum of " + block.getPmtInfId());
            assertEquals(Integer.parseInt(block.getNbOfTxs()), block.getCdtTrfTxInf().size());
        }
        assertEquals(PaymentFixtures.DAY_2, blocks.get(1).getReqdExctnDt().getDt());
    }

    @Test
    void v03FileCarriesTheSameCountsAndSums() {
        MxPain00100103 mx = MxPain00100103.parse(new String(render(Pain001Version.V03), StandardCharsets.UTF_8));
        assertEquals("5", mx.getCstmrCdtTrfInitn().getGrpHdr().getNbOfTxs());
        assertEquals(new BigDecimal("1667.70"), mx.getCstmrCdtTrfInitn().getGrpHdr().getCtrlSum());
        assertEquals(new BigDecimal("1357.49"), mx.getCstmrCdtTrfInitn().getPmtInf().get(0).getCtrlSum());
        assertEquals("COBADEFFXXX", mx.getCstmrCdtTrfInitn().getPmtInf().get(0).getDbtrAgt().getFinInstnId().getBIC());
    }

    @Test
    void everyEndToEndIdMapsBackToItsOdooPaymentWithItsAmountAndIban() throws Exception {
        Document doc = parse(render(Pain001Version.V09));
        XPath xp = xpath();
        NodeList txs = (NodeList) xp.evaluate("//p:CdtTrfTxInf", doc, XPathConstants.NODESET);
        assertEquals(5, txs.getLength());
        Map<Long, String[]> byPayment = new HashMap<>();
        for (int i = 0; i < txs.getLength(); i++) {
            String e2e = xp.evaluate("p:PmtId/p:EndToEndId", txs.item(i));
            long odooId = PaymentIds.parseEndToEndId(e2e).orElseThrow().odooPaymentId();
            byPayment.put(odooId, new String[] {
                xp.evaluate("p:Amt/p:InstdAmt", txs.item(i)), xp.evaluate("p:Amt/p:InstdAmt/@Ccy", txs.item(i)),
                xp.evaluate("p:CdtrAcct/p:Id/p:IBAN", txs.item(i))});
        }
        assertEquals(List.of(1001L, 1002L, 1003L, 1004L, 1005L), byPayment.keySet().stream().sorted().toList());
        assertArrayEquals(new String[] {"1250.00", "EUR", "DE02120300000000202051"}, byPayment.get(1001L));
        assertArrayEquals(new String[] {"7.50", "EUR", "FR1420041010050500013M02606"}, byPayment.get(1003L));
        assertArrayEquals(new String[] {"0.01", "EUR", "DE75512108001245126199"}, byPayment.get(1005L));
    }

    @Test
    void namesAndAddressesAreTransliteratedIntoStructuredElements() throws Exception {
        Document doc = parse(render(Pain001Version.V09));
        XPath xp = xpath();
        String first = "//p:CdtTrfTxInf[p:PmtId/p:EndToEndId='" + PaymentIds.endToEndId("ACME", 1001) + "']/p:Cdtr";
        assertEquals("Muller + Sohne Maschinenbau KG", xp.evaluate(first + "/p:Nm", doc));
        assertEquals("Konigsallee", xp.evaluate(first + "/p:PstlAdr/p:StrtNm", doc));
        assertEquals("92a", xp.evaluate(first + "/p:PstlAdr/p:BldgNb", doc));
        assertEquals("40212", xp.evaluate(first + "/p:PstlAdr/p:PstCd", doc));
        assertEquals("Dusseldorf", xp.evaluate(first + "/p:PstlAdr/p:TwnNm", doc));
        assertEquals("DE", xp.evaluate(first + "/p:PstlAdr/p:Ctry", doc));
        String second = "//p:CdtTrfTxInf[p:PmtId/p:EndToEndId='" + PaymentIds.endToEndId("ACME", 1002) + "']";
        assertEquals("Strassenbau Weiss GmbH", xp.evaluate(second + "/p:Cdtr/p:Nm", doc));
        assertEquals("RF18539007547034", xp.evaluate(second + "/p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", doc));
        assertEquals("SCOR", xp.evaluate(second + "/p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Cd", doc));
        assertEquals("INGDDEFFXXX", xp.evaluate(second + "/p:CdtrAgt/p:FinInstnId/p:BICFI", doc));
        String third = "//p:CdtTrfTxInf[p:PmtId/p:EndToEndId='" + PaymentIds.endToEndId("ACME", 1003) + "']";
        assertEquals("Societe Generale d'Electricite + Cie", xp.evaluate(third + "/p:Cdtr/p:Nm", doc));
        assertEquals("Paris", xp.evaluate(third + "/p:Cdtr/p:PstlAdr/p:TwnNm", doc));
        assertEquals("12 rue de l'Eglise", xp.evaluate(third + "/p:Cdtr/p:PstlAdr/p:AdrLine[1]", doc));
        assertEquals("Batiment C, 3e etage", xp.evaluate(third + "/p:Cdtr/p:PstlAdr/p:AdrLine[2]", doc));
        String ustrd = xp.evaluate(third + "/p:RmtInf/p:Ustrd", doc);
        assertTrue(SepaText.isSepa(ustrd), ustrd);
        // debtor without BIC: the agent is NOTPROVIDED, as EPC requires for IBAN-only
        assertEquals("NOTPROVIDED", xp.evaluate("//p:PmtInf[2]/p:DbtrAgt/p:FinInstnId/p:Othr/p:Id", doc));
        assertEquals("SEPA", xp.evaluate("//p:PmtInf[1]/p:PmtTpInf/p:SvcLvl/p:Cd", doc));
        assertEquals("SLEV", xp.evaluate("//p:PmtInf[1]/p:ChrgBr", doc));
        assertEquals("2026-11-20T09:30:00+01:00", xp.evaluate("//p:GrpHdr/p:CreDtTm", doc));
    }

    @Test
    void renderingTheSameBatchTwiceGivesIdenticalBytes() {
        assertArrayEquals(render(Pain001Version.V09), render(Pain001Version.V09));
        assertArrayEquals(render(Pain001Version.V03), render(Pain001Version.V03));
    }

    @Test
    void overLongNameForcedIntoTheFileFailsValidationNamingElementAndLine() {
        String xml = new String(render(Pain001Version.V09), StandardCharsets.UTF_8);
        String original = "<Nm>Jurgen Gross</Nm>";
        assertTrue(xml.contains(original), xml);
        String tooLong = "J".repeat(141);
        String broken = xml.replace(original, "<Nm>" + tooLong + "</Nm>");
        int expectedLine = lineOf(broken, tooLong);

        SchemaValidationResult result = XsdValidator.pain001v09()
                .validate(new StreamSource(new java.io.StringReader(broken)), "broken.xml");

        assertFalse(result.isValid());
        SchemaProblem problem = result.problems().get(0);
        assertEquals(expectedLine, problem.line());
        assertTrue(problem.elementPath().endsWith("/CdtTrfTxInf/Cdtr/Nm"), problem.elementPath());
        assertTrue(result.describe().contains("line " + expectedLine), result.describe());
        assertTrue(result.describe().contains("Max140Text"), result.describe());
    }

    @Test
    void everySchemaProblemIsCollectedNotOnlyTheFirst() {
        String xml = new String(render(Pain001Version.V09), StandardCharsets.UTF_8)
                .replace("<Ctry>DE</Ctry>", "<Ctry>Germany</Ctry>");
        SchemaValidationResult result = XsdValidator.pain001v09()
                .validate(new StreamSource(new java.io.StringReader(xml)), "many.xml");
        // four German addresses (debtor twice, two creditors... ) each fail the country pattern
        assertTrue(result.totalProblems() >= 4, result.describe());
        assertTrue(result.problems().stream().map(SchemaProblem::line).distinct().count() >= 4, result.describe());
    }

    @Test
    void identifierThatIsNotSepaSafeIsRefusedWithItsPaymentNamed() {
        PaymentInstruction bad = PaymentInstruction.builder(77, "INV//2026", Party.named("Supplier"),
                AccountIdentification.iban(Iban.of("DE89370400440532013000")), Money.of("10.00", "EUR"),
                PaymentFixtures.DAY_1).build();
        PaymentBatch batch = new PaymentBatch("B-1", "M-1", PaymentFixtures.debtor(), Iban.of("DE02120300000000202051"),
                Optional.empty(), PaymentFixtures.DAY_1, PaymentFixtures.EUR, List.of(bad), PaymentFixtures.CREATED,
                ChargeBearer.SLEV, ServiceLevel.SEPA, false);
        PaymentFormatException e = assertThrows(PaymentFormatException.class, () -> Pain001Writer.v09().render(batch));
        assertTrue(e.getMessage().contains("INV//2026") && e.getMessage().contains("Odoo payment 77"), e.getMessage());
    }

    @Test
    void refusedInputWritesNothingEvenWhenTheBadPaymentComesLast() {
        PaymentBatch large = PaymentFixtures.largeBatch(2000);
        List<PaymentInstruction> payments = new java.util.ArrayList<>(large.instructions());
        PaymentInstruction last = payments.get(payments.size() - 1);
        payments.set(payments.size() - 1, PaymentInstruction.builder(last.odooPaymentId(), "/BAD", last.creditor(),
                last.creditorAccount(), last.amount(), last.requestedExecutionDate()).build());
        PaymentBatch bad = new PaymentBatch(large.batchId(), large.messageId(), large.debtor(), large.debtorAccount(),
                large.debtorBic(), large.requestedExecutionDate(), large.currency(), payments, large.creationTime(),
                large.chargeBearer(), large.serviceLevel(), large.batchBooking());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertThrows(PaymentFormatException.class, () -> Pain001Writer.v09().write(bad, out));
        assertEquals(0, out.size());
    }

    @Test
    void nameWithNothingRepresentableIsRefusedInsteadOfSentBlank() {
        PaymentInstruction p = PaymentInstruction.builder(78, PaymentIds.endToEndId("ACME", 78), Party.named("☺☺"),
                AccountIdentification.iban(Iban.of("DE89370400440532013000")), Money.of("10.00", "EUR"),
                PaymentFixtures.DAY_1).build();
        PaymentBatch batch = new PaymentBatch("B-2", "M-2", PaymentFixtures.debtor(), Iban.of("DE02120300000000202051"),
                Optional.empty(), PaymentFixtures.DAY_1, PaymentFixtures.EUR, List.of(p), PaymentFixtures.CREATED,
                ChargeBearer.SLEV, ServiceLevel.SEPA, false);
        PaymentFormatException e = assertThrows(PaymentFormatException.class, () -> Pain001Writer.v09().render(batch));
        assertTrue(e.getMessage().contains("creditor of batch B-2, Odoo payment 78"), e.getMessage());
    }

    /** A US debtor account paying a US vendor: neither account is an IBAN, both travel as Othr/Id. */
    private static PaymentBatch usAccountsBatch() {
        PaymentInstruction p = PaymentInstruction.builder(91, PaymentIds.endToEndId("ACME", 91),
                        Party.of("Staples Business Advantage", PostalAddress.structured("1 Main Street", null, "01702", "Framingham", "US")),
                        AccountIdentification.other("000987654321"), Money.of("2150.00", "USD"), PaymentFixtures.DAY_1)
                .creditorBic(new Bic("CHASUS33")).remittance(Remittance.unstructured("SBA-55120")).build();
        return new PaymentBatch("B-4", "M-4", Party.named("Finance Hub Demo Inc."), AccountIdentification.other("000123456789"),
                Optional.empty(), PaymentFixtures.DAY_1, java.util.Currency.getInstance("USD"), List.of(p), PaymentFixtures.CREATED,
                ChargeBearer.SHAR, ServiceLevel.NONE, true);
    }

    @Test
    void nonIbanDebtorAndCreditorAreWrittenAsOtherIdsAndValidateInBothVersions() throws Exception {
        for (Pain001Version version : Pain001Version.values()) {
            byte[] xml = new Pain001Writer(version).render(usAccountsBatch());
            Document doc = parse(xml);
            XPath xp = xpath(version);
            assertEquals("000123456789", xp.evaluate("//p:DbtrAcct/p:Id/p:Othr/p:Id", doc), version.messageName());
            assertEquals("000987654321", xp.evaluate("//p:CdtrAcct/p:Id/p:Othr/p:Id", doc), version.messageName());
            assertEquals(0, ((NodeList) xp.evaluate("//p:IBAN", doc, XPathConstants.NODESET)).getLength(), version.messageName());
            XsdValidator schema = version == Pain001Version.V09 ? XsdValidator.pain001v09() : null;
            if (schema != null) {
                SchemaValidationResult result = schema.validate(new StreamSource(new ByteArrayInputStream(xml)), "us.xml");
                assertTrue(result.isValid(), result.describe());
            }
        }
        // the ISO pain.001.001.03 schema (not the SEPA-only DK one shipped in the dependency) accepts it too
        SchemaValidationResult v03 = fixtureSchema("sepaxml-pain.001.001.03.xsd").validate(
                new StreamSource(new ByteArrayInputStream(new Pain001Writer(Pain001Version.V03).render(usAccountsBatch()))), "us-03.xml");
        assertTrue(v03.isValid(), v03.describe());
    }

    @Test
    void sepaBatchRefusesADebtorAccountThatIsNotAnIban() {
        PaymentBatch us = usAccountsBatch();
        PaymentInstruction p = PaymentInstruction.builder(92, PaymentIds.endToEndId("ACME", 92), Party.named("Supplier"),
                AccountIdentification.iban(Iban.of("DE89370400440532013000")), Money.of("10.00", "EUR"), PaymentFixtures.DAY_1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PaymentBatch("B-5", "M-5", us.debtor(),
                us.debtorAccount(), Optional.empty(), PaymentFixtures.DAY_1, PaymentFixtures.EUR, List.of(p), PaymentFixtures.CREATED,
                ChargeBearer.SLEV, ServiceLevel.SEPA, false));
        assertTrue(e.getMessage().contains("debtor's IBAN"), e.getMessage());
        assertFalse(e.getMessage().contains("000123456789"), "the account is masked: " + e.getMessage());
    }

    @Test
    void nonSepaBatchInYenWritesWholeAmountsAndOtherAccountIds() throws Exception {
        PaymentInstruction p = PaymentInstruction.builder(90, PaymentIds.endToEndId("ACME", 90),
                        Party.of("Tokyo Parts KK", PostalAddress.structured("Chuo-dori", "1", "100-0001", "Tokyo", "JP")),
                        AccountIdentification.other("1234567"), Money.of("125000", "JPY"), PaymentFixtures.DAY_1)
                .creditorBic(new Bic("MHCBJPJT")).purposeCode("SUPP").categoryPurposeCode("SUPP").build();
        PaymentBatch batch = new PaymentBatch("B-3", "M-3", PaymentFixtures.debtor(), Iban.of("DE02120300000000202051"),
                Optional.of(new Bic("COBADEFF")), PaymentFixtures.DAY_1, java.util.Currency.getInstance("JPY"), List.of(p),
                PaymentFixtures.CREATED, ChargeBearer.SHAR, ServiceLevel.NONE, false);
        byte[] xml = Pain001Writer.v09().render(batch);
        Document doc = parse(xml);
        XPath xp = xpath();
        assertEquals("125000", xp.evaluate("//p:InstdAmt", doc));
        assertEquals("125000", xp.evaluate("//p:GrpHdr/p:CtrlSum", doc));
        assertEquals("1234567", xp.evaluate("//p:CdtrAcct/p:Id/p:Othr/p:Id", doc));
        assertEquals("SUPP", xp.evaluate("//p:PmtInf/p:PmtTpInf/p:CtgyPurp/p:Cd", doc));
        assertEquals("SHAR", xp.evaluate("//p:ChrgBr", doc));
        SchemaValidationResult result = XsdValidator.pain001v09()
                .validate(new StreamSource(new ByteArrayInputStream(xml)), "jpy.xml");
        assertTrue(result.isValid(), result.describe());
    }

    private static int lineOf(String text, String needle) {
        int index = text.indexOf(needle);
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static XPath xpath() {
        return xpath(Pain001Version.V09);
    }

    static XPath xpath(Pain001Version version) {
        XPath xp = XPathFactory.newInstance().newXPath();
        xp.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "p".equals(prefix) ? version.namespace() : null;
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return xp;
    }
}
