package io.paycloud.risk.blocklist;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.risk.Deleted;
import io.paycloud.risk.approval.ApprovedActionHandler;

/** Removing a block list entry, once a second risk operator approved it. */
@Configuration(proxyBeanMethods = false)
class BlocklistApprovedActions {

    @Bean
    ApprovedActionHandler blocklistRemoval(BlocklistService blocklist) {
        return ApprovedActionHandler.of(RiskControlAction.BLOCKLIST_REMOVE, (id, request) -> {
            blocklist.remove(id);
            return Deleted.of(id);
        });
    }
}
