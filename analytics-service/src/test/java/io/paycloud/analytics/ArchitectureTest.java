package io.paycloud.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The features stay apart: the feed consumer writes the aggregates and knows nothing of who reads
 * them; reports and reconciliation read them and know nothing of each other; only the dashboard
 * combines reports with the consumer's lag.
 */
@AnalyzeClasses(packages = "io.paycloud.analytics", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule feedKnowsNoReaders = noClasses().that().resideInAPackage("..analytics.feed..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..analytics.report..", "..analytics.reconciliation..", "..analytics.dashboard..");

    @ArchTest
    static final ArchRule reportsStandAlone = noClasses().that().resideInAPackage("..analytics.report..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..analytics.feed..", "..analytics.reconciliation..", "..analytics.dashboard..");

    @ArchTest
    static final ArchRule reconciliationStandsAlone = noClasses().that().resideInAPackage("..analytics.reconciliation..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("..analytics.feed..", "..analytics.report..", "..analytics.dashboard..");

    @ArchTest
    static final ArchRule supportDependsOnNoFeature = noClasses().that().resideInAPackage("..analytics.support..")
            .should().dependOnClassesThat().resideInAnyPackage("..analytics.feed..", "..analytics.report..",
                    "..analytics.reconciliation..", "..analytics.dashboard..");
}
