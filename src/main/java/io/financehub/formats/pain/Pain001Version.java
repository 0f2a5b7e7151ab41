package io.financehub.formats.pain;

import java.util.Optional;

/** The pain.001 message versions the hub writes; a bank profile picks one (.001.09 unless the bank needs .03). */
public enum Pain001Version {
    /** ISO 2009 edition, still the SEPA default at many banks until November 2025/2026. */
    V03("pain.001.001.03"),
    /** ISO 2019 edition: BICFI, ReqdExctnDt/Dt, UETR, structured and hybrid addresses; the default. */
    V09("pain.001.001.09");

    private final String messageName;

    Pain001Version(String messageName) {
        this.messageName = messageName;
    }

    /** "pain.001.001.09": the message name id a pain.002 quotes back as OrgnlMsgNmId. */
    public String messageName() {
        return messageName;
    }

    public String namespace() {
        return "urn:iso:std:iso:20022:tech:xsd:" + messageName;
    }

    public static Optional<Pain001Version> fromMessageName(String name) {
        for (Pain001Version v : values()) {
            if (v.messageName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
