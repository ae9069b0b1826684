package io.paycloud.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.netflix.eureka.server.ReplicationClientAdditionalFilters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.discovery.EurekaClientConfig;
import com.netflix.discovery.provider.DiscoveryJerseyProvider;
import com.netflix.discovery.shared.transport.jersey3.EurekaIdentityHeaderFilter;
import com.netflix.discovery.shared.transport.jersey3.EurekaJersey3Client;
import com.netflix.eureka.EurekaServerConfig;
import com.netflix.eureka.EurekaServerIdentity;
import com.netflix.eureka.cluster.PeerEurekaNode;
import com.netflix.eureka.cluster.PeerEurekaNodes;
import com.netflix.eureka.registry.PeerAwareInstanceRegistry;
import com.netflix.eureka.resources.ServerCodecs;
import com.netflix.eureka.transport.Jersey3DynamicGZIPContentEncodingFilter;
import com.netflix.eureka.transport.Jersey3ReplicationClient;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

/**
 * Replication between registry peers on the platform's SSL bundle (profile tls). Eureka replicates
 * every registration, heartbeat and cancellation to the other peers through a Jersey client of its
 * own, which knows no SSL bundle: over https it would present no certificate, and the peer, which
 * asks every Eureka client for one of the platform's CA, would refuse it. Here each peer's
 * replication client is Eureka's own ({@link Jersey3ReplicationClient}, with the same codecs and
 * filters as Spring Cloud's), on a Jersey client whose TLS is the bundle's: it presents the
 * registry's certificate and trusts only the platform's CA, with the peer's host name verified. A
 * peer's client keeps the certificate it was made with until the list of peers changes or the
 * registry restarts (docs/tls.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.ssl.bundle.pem." + RegistryTls.BUNDLE + ".keystore", name = "certificate")
class PeerReplicationTls {

    @Bean
    PeerEurekaNodes peerEurekaNodes(PeerAwareInstanceRegistry registry, EurekaServerConfig serverConfig,
            EurekaClientConfig clientConfig, ServerCodecs codecs, ApplicationInfoManager applicationInfoManager,
            ReplicationClientAdditionalFilters additionalFilters, SslBundles bundles) {
        return new PeerEurekaNodes(registry, serverConfig, clientConfig, codecs, applicationInfoManager) {
            @Override
            protected PeerEurekaNode createPeerEurekaNode(String peerUrl) {
                Jersey3ReplicationClient client = new Jersey3ReplicationClient(
                        replicationClient(bundles.getBundle(RegistryTls.BUNDLE), serverConfig, codecs, additionalFilters),
                        peerUrl);
                String host = hostFromUrl(peerUrl);
                return new PeerEurekaNode(registry, host == null ? "host" : host, peerUrl, client, serverConfig);
            }
        };
    }

    /** A Jersey client for one peer: Eureka's codecs, compression and identity header, the bundle's TLS. */
    static EurekaJersey3Client replicationClient(SslBundle bundle, EurekaServerConfig serverConfig, ServerCodecs codecs,
            ReplicationClientAdditionalFilters additionalFilters) {
        ClientConfig config = new ClientConfig()
                .register(new DiscoveryJerseyProvider(codecs.getFullJsonCodec(), codecs.getFullJsonCodec()))
                .property(ClientProperties.CONNECT_TIMEOUT, serverConfig.getPeerNodeConnectTimeoutMs())
                .property(ClientProperties.READ_TIMEOUT, serverConfig.getPeerNodeReadTimeoutMs());
        Client client = ClientBuilder.newBuilder().withConfig(config).sslContext(bundle.createSslContext()).build();
        client.register(new Jersey3DynamicGZIPContentEncodingFilter(serverConfig));
        client.register(new EurekaIdentityHeaderFilter(new EurekaServerIdentity(localAddress())));
        additionalFilters.getFilters().forEach(client::register);
        return new EurekaJersey3Client() {
            @Override
            public Client getClient() {
                return client;
            }

            @Override
            public void destroyResources() {
                client.close();
            }
        };
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
