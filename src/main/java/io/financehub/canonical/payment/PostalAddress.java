package io.financehub.canonical.payment;

import java.util.List;
import java.util.Optional;

/**
 * A postal address in the ISO 20022 structured form (street, building number, post code, town, country
 * sub-division, country), optionally with up to two free address lines for the "hybrid" form banks accept
 * from November 2026. Town and country are always required, since both forms need them. Field lengths are
 * the ISO maxima (PostalAddress24); text is stored as given and transliterated when a file is written.
 */
public record PostalAddress(
        Optional<String> streetName,
        Optional<String> buildingNumber,
        Optional<String> postCode,
        String townName,
        Optional<String> countrySubDivision,
        String country,
        List<String> addressLines) {

    public static final int MAX_ADDRESS_LINES = 2;

    public PostalAddress {
        String r = "PostalAddress";
        Checks.optionalText(streetName, r, "streetName", 140);
        Checks.optionalText(buildingNumber, r, "buildingNumber", 16);
        Checks.optionalText(postCode, r, "postCode", 16);
        Checks.text(townName, r, "townName", 140);
        Checks.optionalText(countrySubDivision, r, "countrySubDivision", 35);
        Checks.text(country, r, "country", 140);
        if (!country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException(r + ".country must be an ISO 3166 alpha-2 code such as DE, got '" + country + "'");
        }
        addressLines = Checks.list(addressLines, r, "addressLines");
        if (addressLines.size() > MAX_ADDRESS_LINES) {
            throw new IllegalArgumentException(r + ".addressLines has " + addressLines.size()
                    + " lines, at most " + MAX_ADDRESS_LINES + " are allowed with a structured town and country");
        }
        for (String line : addressLines) {
            Checks.text(line, r, "addressLines", 70);
        }
    }

    /** The fully structured form: street, building number, post code, town, country. */
    public static PostalAddress structured(String streetName, String buildingNumber, String postCode, String townName,
                                           String country) {
        return new PostalAddress(Optional.ofNullable(streetName), Optional.ofNullable(buildingNumber),
                Optional.ofNullable(postCode), townName, Optional.empty(), country, List.of());
    }

    /** The hybrid form: town and country structured, the rest as up to two free lines. */
    public static PostalAddress hybrid(String townName, String country, String... addressLines) {
        return new PostalAddress(Optional.empty(), Optional.empty(), Optional.empty(), townName, Optional.empty(),
                country, List.of(addressLines));
    }

    public PostalAddress withPostCode(String code) {
        return new PostalAddress(streetName, buildingNumber, Optional.of(code), townName, countrySubDivision, country,
                addressLines);
    }

    public PostalAddress withCountrySubDivision(String subDivision) {
        return new PostalAddress(streetName, buildingNumber, postCode, townName, Optional.of(subDivision), country,
                addressLines);
    }

    public boolean isHybrid() {
        return !addressLines.isEmpty();
    }
}
