package io.financehub.formats.csv;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * Generic Bindy row for tab-separated bank exports: 64 positional text columns, mapped to meaning
 * by a {@link CsvLayout} (data), so no bank needs its own Java class. Generated shape, do not edit by hand.
 */
@RegisterForReflection
@CsvRecord(separator = "\t", quote = "\"", removeQuotes = true, allowEmptyStream = true, quoting = false)
public class TabRow extends CsvRow {

    @DataField(pos = 1)
    public String c01;
    @DataField(pos = 2)
    public String c02;
    @DataField(pos = 3)
    public String c03;
    @DataField(pos = 4)
    public String c04;
    @DataField(pos = 5)
    public String c05;
    @DataField(pos = 6)
    public String c06;
    @DataField(pos = 7)
    public String c07;
    @DataField(pos = 8)
    public String c08;
    @DataField(pos = 9)
    public String c09;
    @DataField(pos = 10)
    public String c10;
    @DataField(pos = 11)
    public String c11;
    @DataField(pos = 12)
    public String c12;
    @DataField(pos = 13)
    public String c13;
    @DataField(pos = 14)
    public String c14;
    @DataField(pos = 15)
    public String c15;
    @DataField(pos = 16)
    public String c16;
    @DataField(pos = 17)
    public String c17;
    @DataField(pos = 18)
    public String c18;
    @DataField(pos = 19)
    public String c19;
    @DataField(pos = 20)
    public String c20;
    @DataField(pos = 21)
    public String c21;
    @DataField(pos = 22)
    public String c22;
    @DataField(pos = 23)
    public String c23;
    @DataField(pos = 24)
    public String c24;
    @DataField(pos = 25)
    public String c25;
    @DataField(pos = 26)
    public String c26;
    @DataField(pos = 27)
    public String c27;
    @DataField(pos = 28)
    public String c28;
    @DataField(pos = 29)
    public String c29;
    @DataField(pos = 30)
    public String c30;
    @DataField(pos = 31)
    public String c31;
    @DataField(pos = 32)
    public String c32;
    @DataField(pos = 33)
    public String c33;
    @DataField(pos = 34)
    public String c34;
    @DataField(pos = 35)
    public String c35;
    @DataField(pos = 36)
    public String c36;
    @DataField(pos = 37)
    public String c37;
    @DataField(pos = 38)
    public String c38;
    @DataField(pos = 39)
    public String c39;
    @DataField(pos = 40)
    public String c40;
    @DataField(pos = 41)
    public String c41;
    @DataField(pos = 42)
    public String c42;
    @DataField(pos = 43)
    public String c43;
    @DataField(pos = 44)
    public String c44;
    @DataField(pos = 45)
    public String c45;
    @DataField(pos = 46)
    public String c46;
    @DataField(pos = 47)
    public String c47;
    @DataField(pos = 48)
    public String c48;
    @DataField(pos = 49)
    public String c49;
    @DataField(pos = 50)
    public String c50;
    @DataField(pos = 51)
    public String c51;
    @DataField(pos = 52)
    public String c52;
    @DataField(pos = 53)
    public String c53;
    @DataField(pos = 54)
    public String c54;
    @DataField(pos = 55)
    public String c55;
    @DataField(pos = 56)
    public String c56;
    @DataField(pos = 57)
    public String c57;
    @DataField(pos = 58)
    public String c58;
    @DataField(pos = 59)
    public String c59;
    @DataField(pos = 60)
    public String c60;
    @DataField(pos = 61)
    public String c61;
    @DataField(pos = 62)
    public String c62;
    @DataField(pos = 63)
    public String c63;
    @DataField(pos = 64)
    public String c64;
}
