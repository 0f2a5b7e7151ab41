/** Canonical actuals for planning and BI: aggregated lines and their exact proportional split. */
package io.financehub.canonical.actuals;
