package io.paycloud.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Features stay apart: no cycles, controllers and repositories package-private, and each remote service
 * behind its one client interface (ledger, risk, account directory), so a call to another service is
 * never made from a feature's own code.
 */
@AnalyzeClasses(packages = "io.paycloud.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices().matching("io.paycloud.payment.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule controllersArePackagePrivate =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    @ArchTest
    static final ArchRule repositoriesArePackagePrivate = classes().that().haveSimpleNameEndingWith("Repository")
            .should().notBePublic();

    @ArchTest
    static final ArchRule onlyTheServiceClientsAndWebhooksMakeHttpCalls = noClasses()
            .that().resideOutsideOfPackages("io.paycloud.payment.ledger..", "io.paycloud.payment.risk..",
                    "io.paycloud.payment.account..", "io.paycloud.payment.webhook..", "io.paycloud.payment.support..")
            .should().dependOnClassesThat().areAssignableTo(RestClient.class);

    @ArchTest
    static final ArchRule theRemoteClientsKnowNoFeature = noClasses()
            .that().resideInAnyPackage("io.paycloud.payment.ledger..", "io.paycloud.payment.risk..",
                    "io.paycloud.payment.account..")
            .should().dependOnClassesThat().resideInAnyPackage("io.paycloud.payment.payment..",
                    "io.paycloud.payment.refund..", "io.paycloud.payment.webhook..");
}
