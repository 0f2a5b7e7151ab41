package io.financehub.governance.audit;

/** The version of the mapping tables in force: the SHA-256 of their content, recorded with every audit entry. */
public interface MappingVersion {

    String current();
}
