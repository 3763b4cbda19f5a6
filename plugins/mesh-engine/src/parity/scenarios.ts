import type { MeshRuleCode } from '@meshpath/plugin-mesh-common';

/** Whose test suite a scenario comes from. */
export type ParityPeer = 'istioctl' | 'kiali';

/**
 * One scenario of a peer's own tests, reproduced in a fixture of ours: what
 * the peer reports for it, and (when the engine differs) what the engine
 * reports instead and why.
 */
export interface ParityScenario {
  peer: ParityPeer;
  /** The peer's test: `analyzers_test.go` case name (istioctl) or `file: TestName` (Kiali). */
  test: string;
  /** The fixture under `parity/fixtures/`, written for this suite. */
  fixture: string;
  /** The engine's rule for the scenario. */
  code: MeshRuleCode;
  /** The peer's own code for it (IST…, KIA…). */
  peerCode: string;
  /** Objects the peer reports, as `Kind namespace/name`; empty when it reports none. */
  expected: string[];
  /** A documented disagreement: what the engine reports instead, and why. */
  disagreement?: { engine: string[]; reason: string };
  /** Set when the peer's scenario needs an object its CRD schema refuses: why the fixture keeps it. */
  breaksSchema?: string;
}

const istio =
  (test: string) =>
  (
    fixture: string,
    code: MeshRuleCode,
    peerCode: string,
    expected: string[],
    disagreement?: ParityScenario['disagreement'],
  ): ParityScenario => ({
    peer: 'istioctl',
    test,
    fixture: `istio/${fixture}`,
    code,
    peerCode,
    expected,
    disagreement,
  });

const kiali =
  (file: string) =>
  (
    test: string,
    fixture: string,
    code: MeshRuleCode,
    peerCode: string,
    expected: string[],
    disagreement?: ParityScenario['disagreement'],
  ): ParityScenario => ({
    peer: 'kiali',
    test: `${file}: ${test}`,
    fixture: `kiali/${fixture}`,
    code,
    peerCode,
    expected,
    disagreement,
  });

const vs = (name: string) => `VirtualService ${name}`;
const dr = (name: string) => `DestinationRule ${name}`;
const gw = (name: string) => `Gateway ${name}`;
const ap = (name: string) => `AuthorizationPolicy ${name}`;

/** istio/istio pkg/config/analysis/analyzers/analyzers_test.go, per test case. */
const istioScenarios: ParityScenario[] = [
  ...[
    istio('virtualServiceDestinationHosts')(
      'vs-destination-hosts.yaml',
      'MP1101',
      'IST0101',
      [vs('default/unknown-host'), vs('default/mirror-unknown-host')],
    ),
    istio('virtualServiceDestinationHosts')(
      'vs-destination-port.yaml',
      'MP1101',
      'IST0101',
      [vs('default/unknown-port')],
    ),
    istio('virtualServiceDestinationHosts')(
      'vs-destination-port.yaml',
      'MP1109',
      'IST0112',
      [vs('default/two-ports-no-port')],
    ),
    istio('virtualServiceDestinationHosts')(
      'vs-destination-exportto.yaml',
      'MP1101',
      'IST0101',
      [
        vs('default/to-local-only-entry'),
        vs('istio-system/details-unseen'),
        vs('hello/hello-exported-elsewhere'),
      ],
    ),
    istio('virtualServiceDestinationRules')(
      'vs-destination-subsets.yaml',
      'MP1102',
      'IST0101',
      [vs('default/undefined-subset'), vs('default/mirror-undefined-subset')],
    ),
    istio('virtualServiceGateways')('vs-gateways.yaml', 'MP1103', 'IST0101', [
      vs('default/httpbin-missing-gateway'),
    ]),
    istio('virtualServiceGateways')(
      'vs-gateways.yaml',
      'MP1111',
      'IST0132',
      [
        vs('default/httpbin'),
        vs('default/cross-namespace'),
        vs('default/httpbin-missing-gateway'),
      ],
      {
        engine: [vs('default/httpbin'), vs('default/cross-namespace')],
        reason:
          'A Gateway that does not exist is MP1103; the engine does not add that it serves none of the hosts.',
      },
    ),
    istio('virtualServiceKubernetesGateways')(
      'vs-kubernetes-gateway.yaml',
      'MP1111',
      'IST0132',
      [vs('default/my-vs-host-mismatch')],
    ),
    istio('virtualServiceKubernetesGateways')(
      'vs-kubernetes-gateway.yaml',
      'MP1103',
      'IST0101',
      [],
    ),
    istio('virtualServiceJWTClaimRoute')(
      'vs-jwt-claim-route.yaml',
      'MP1120',
      'IST0149',
      [vs('default/foo')],
    ),
  ],
  ...(['', '-v1beta1'] as const).flatMap(version => [
    istio(
      `host defined in virtualservice not found in the gateway${
        version ? '(beta version)' : ''
      }`,
    )(`vs-host-not-in-gateway${version}.yaml`, 'MP1111', 'IST0132', [
      vs('default/other-host'),
      vs('default/outside-wildcard'),
      vs('default/no-host-served'),
    ]),
    istio(
      `host defined in virtualservice not found in the gateway with ns${
        version ? '(beta version)' : ''
      }`,
    )(`vs-host-gateway-namespace-prefix${version}.yaml`, 'MP1111', 'IST0132', [
      vs('default/dot-prefix-other-namespace'),
    ]),
  ]),
  istio('virtualServiceConflictingMeshGatewayHosts')(
    'vs-conflicting-mesh-hosts.yaml',
    'MP1104',
    'IST0109',
    [
      vs('foo/productpage'),
      vs('foo/bogus-productpage'),
      vs('foo/ratings'),
      vs('bar/ratings'),
      vs('team2/ratings'),
      vs('team3/ratings'),
      vs('team4/ratings'),
    ],
  ),
  istio('virtualServiceConflictingMeshGatewayHostsWithExportTo')(
    'vs-conflicting-mesh-hosts-exportto.yaml',
    'MP1104',
    'IST0109',
    [
      vs('foo/productpage'),
      vs('bar/productpage'),
      vs('foo/productpage-c'),
      vs('bar/productpage-c'),
      vs('foo/productpage-d'),
      vs('bar/productpage-d'),
    ],
  ),
  istio('dupmatches')('vs-unreachable-routes.yaml', 'MP1110', 'IST0130', [
    vs('foo/after-route-without-match'),
    vs('foo/duplicate-match'),
    vs('foo/duplicate-tcp-match'),
    vs('foo/duplicate-empty-tcp'),
  ]),
  istio('conflicting gateways detect')(
    'gateways-conflicting.yaml',
    'MP1121',
    'IST0145',
    [gw('default/alpha'), gw('default/beta')],
  ),
  istio('gateways with different port are non-conflicting')(
    'gateways-different-port.yaml',
    'MP1121',
    'IST0145',
    [],
  ),
  istio('conflicting gateways with multiple port declarations')(
    'gateways-conflicting-multiple-ports.yaml',
    'MP1121',
    'IST0145',
    [gw('default/alpha'), gw('default/beta')],
  ),
  istio('conflicting gateways detect by sub selector')(
    'gateways-conflicting-sub-selector.yaml',
    'MP1121',
    'IST0145',
    [gw('default/alpha'), gw('default/beta')],
  ),
  {
    ...istio('conflicting gateways detect: no port')(
      'gateways-no-port.yaml',
      'MP1121',
      'IST0145',
      [],
    ),
    breaksSchema:
      'A server without port breaks the Gateway CRD (port is required): the engine reports MP0101 and leaves the Gateways out of the cross-object checks, so no conflict either.',
  },
  istio('Analyze conflicting gateway with list type')(
    'gateways-conflicting-list.yaml',
    'MP1121',
    'IST0145',
    [gw('default/alpha'), gw('default/alpha-l'), gw('default/beta-l')],
  ),
  istio('istioInjection')('namespaces-injection.yaml', 'MP1113', 'IST0102', [
    'Namespace bar',
  ]),
  istio('portNameNotFollowConvention')(
    'service-port-names-unnamed.yaml',
    'MP1112',
    'IST0118',
    ['Service my-namespace1/my-service1', 'Service my-namespace2/my-service2'],
  ),
  istio('namedPort')('service-port-names-named.yaml', 'MP1112', 'IST0118', []),
  istio('unnamedPortInSystemNamespace')(
    'service-port-names-system-namespaces.yaml',
    'MP1112',
    'IST0118',
    [],
  ),
  istio('ExternalNameServiceTypeInvalidPortName')(
    'service-port-names-external-name.yaml',
    'MP1112',
    'IST0118',
    [],
  ),
  istio('authorizationpolicies')(
    'authorization-policies.yaml',
    'MP1114',
    'IST0127',
    [
      ap('istio-system/meshwide-httpbin-v1'),
      ap('httpbin/httpbin-nopods'),
      ap('test-ambient/no-workload'),
    ],
  ),
  istio('authorizationpolicies')(
    'authorization-policy-empty-namespace.yaml',
    'MP1114',
    'IST0127',
    [ap('httpbin-empty/httpbin-empty-namespace-wide')],
    {
      engine: [],
      reason:
        'A namespace-wide policy in a namespace with no workload yet is how a golden path starts (default-deny before the first deployment); it applies to every workload that arrives, so it is not a mistake.',
    },
  ),
  istio('authorizationpolicies')(
    'authorization-policies.yaml',
    'MP1117',
    'IST0101',
    [ap('httpbin/httpbin-bogus-ns'), ap('httpbin/httpbin-bogus-not-ns')],
  ),
  ...(
    [
      [
        'destinationrule with no cacert, simple at destinationlevel',
        'dr-tls-simple-destination.yaml',
        'MP1115',
        'db-tls',
      ],
      [
        'destinationrule with no cacert, mutual at destinationlevel',
        'dr-tls-mutual-destination.yaml',
        'MP1115',
        'db-mtls',
      ],
      [
        'destinationrule with no cacert, simple at portlevel',
        'dr-tls-simple-port.yaml',
        'MP1116',
        'db-tls',
      ],
      [
        'destinationrule with no cacert, mutual at portlevel',
        'dr-tls-mutual-port.yaml',
        'MP1116',
        'db-mtls',
      ],
      [
        'destinationrule with credentialname, simple at destinationlevel, no workloadSelector',
        'dr-tls-credential-name.yaml',
        'MP1115',
        'db-tls',
      ],
      [
        'destinationrule with credentialname, simple at destinationlevel, workloadSelector',
        'dr-tls-credential-name-selector.yaml',
        'MP1115',
        undefined,
      ],
      [
        'destinationrule with credentialname, simple at portlevel, no workloadSelector',
        'dr-tls-port-credential-name.yaml',
        'MP1116',
        'db-tls',
      ],
      [
        'destinationrule with credentialname, simple at portlevel, workloadSelector',
        'dr-tls-port-credential-name-selector.yaml',
        'MP1116',
        undefined,
      ],
      [
        'destinationrule with no cacert, mutual at destinationlevel and simple at port level',
        'dr-tls-compound.yaml',
        'MP1115',
        'db-mtls',
      ],
      [
        'destinationrule with no cacert, mutual at destinationlevel and simple at port level',
        'dr-tls-compound.yaml',
        'MP1116',
        'db-mtls',
      ],
      [
        'destinationrule with both cacerts',
        'dr-tls-with-ca.yaml',
        'MP1115',
        undefined,
      ],
      [
        'destinationrule with both cacerts',
        'dr-tls-with-ca.yaml',
        'MP1116',
        undefined,
      ],
    ] as const
  ).map(([test, fixture, code, name]) =>
    istio(test)(
      fixture,
      code,
      code === 'MP1115' ? 'IST0128' : 'IST0129',
      name ? [dr(`prod/${name}`)] : [],
    ),
  ),
  istio('sidecarSelector')('sidecar-selectors.yaml', 'MP1114', 'IST0101', [
    'Sidecar default/maps-to-nonexistent',
    'Sidecar other/maps-to-different-ns',
  ]),
  istio('DestinationRuleWithFakeHost')(
    'dr-fake-host.yaml',
    'MP1108',
    'IST0174',
    [dr('default/fake-host')],
  ),
  istio('DestinationRuleSubsetsNotSelectPods')(
    'dr-subsets-select-no-pods.yaml',
    'MP1107',
    'IST0173',
    [dr('default/subsets-not-select-pods')],
  ),
  istio('DestinationRuleSubsetsWithTopologyLabels')(
    'dr-subsets-topology-labels.yaml',
    'MP1107',
    'IST0173',
    [],
  ),
  istio('DestinationRuleEmptyTopologyLabels')(
    'dr-subsets-empty-topology-label.yaml',
    'MP1107',
    'IST0173',
    [dr('default/empty-topology-labels')],
  ),
];

/** Where MP1121 reads Gateways as istioctl does rather than as Kiali does. */
const gatewayDisagreements: Record<string, ParityScenario['disagreement']> = {
  case: {
    engine: [],
    reason:
      'Hosts repeated inside one Gateway: MP1121 compares different Gateways, as istioctl (IST0145) does.',
  },
  'wildcard-and-subdomain': {
    engine: [],
    reason:
      'Hosts repeated inside one Gateway: MP1121 compares different Gateways, as istioctl (IST0145) does.',
  },
  'wildcard-covers': {
    engine: [],
    reason:
      'A wildcard server beside a more specific host is how Istio serves a default host (the most specific host wins); istioctl (IST0145) reports only the same host bound twice.',
  },
};

const drMultiMatch = kiali('destinationrules/multi_match_checker_test.go');
const drMultiMatchExported = kiali(
  'destinationrules/multi_match_exported_checker_test.go',
);
const vsSingleHost = kiali('virtualservices/single_host_checker_test.go');
const gwMultiMatch = kiali('gateways/multi_match_checker_test.go');
const drNoDest = kiali('destinationrules/no_dest_checker_test.go');
const vsSubsets = kiali('virtualservices/subset_presence_checker_test.go');
const vsNoHost = kiali('virtualservices/no_host_checker_test.go');
const vsNoGateway = kiali('virtualservices/no_gateway_checker_test.go');
const authzNamespaceMethod = kiali(
  'authorization/namespace_method_checker_test.go',
);
const authzPrincipals = kiali('authorization/principals_checker_test.go');
const workloadSelector = kiali('common/workload_selector_checker_test.go');
const uncovered = kiali('workloads/uncovered_workload_checker_test.go');
const portMapping = kiali('services/port_mapping_checker_test.go');
const routeGateway = kiali('k8shttproutes/no_k8sgateway_checker_test.go');
const routeHost = kiali('k8shttproutes/no_host_checker_test.go');

/** kiali/kiali business/checkers/**, per test function. */
const kialiScenarios: ParityScenario[] = [
  ...(
    [
      ['TestMultiHostMatchCorrect', 'distinct-hosts', 'test', []],
      [
        'TestMultiHostMatchInvalid',
        'same-host',
        'test',
        ['rule1', 'rule2', 'rule3'],
      ],
      [
        'TestMultiHostMatchInvalidShortFormat',
        'short-format',
        'test',
        ['rule1', 'rule2'],
      ],
      [
        'TestMultiHostMatchValidShortFormat',
        'short-format-other-host',
        'test',
        [],
      ],
      [
        'TestMultiHostMatchValidShortFormatDiffNamespace',
        'short-format-other-namespace',
        'test',
        [],
      ],
      [
        'TestMultiHostMatchWildcardInvalid',
        'namespace-wildcard',
        'test',
        ['rule1', 'rule2'],
      ],
      [
        'TestMultiHostMatchDisjointNamespaceWildcards',
        'disjoint-wildcards',
        'istio-test1',
        [],
      ],
      [
        'TestMultiHostMatchSameNamespaceWildcardsStillConflict',
        'same-wildcards',
        'istio-test1',
        ['rule1', 'rule2'],
      ],
      [
        'TestMultiHostMatchBothWildcardInvalid',
        'both-wildcards',
        'test',
        ['rule1', 'rule2'],
      ],
      [
        'TestMultiHostMatchingMeshWideMTLSDestinationRule',
        'meshwide-mtls',
        'test',
        [],
      ],
      [
        'TestMultiHostMatchingNamespaceWideMTLSDestinationRule',
        'namespacewide-mtls',
        'test',
        [],
      ],
      [
        'TestMultiHostMatchingServiceScopedMTLSWildcardStillConflicts',
        'service-scoped-mtls-wildcard',
        'istio-test1',
        ['vault-mtls', 'vault-no-tls'],
      ],
      ['TestMultiHostMatchDifferentSubsets', 'different-subsets', 'test', []],
      [
        'TestMultiHostMatchDifferentSubsets',
        'different-subsets-wildcard',
        'test',
        ['rule1', 'rule5'],
      ],
      ['TestReviewsExample', 'reviews-subsets', 'bookinfo', []],
      [
        'TestReviewsExample',
        'reviews-whole-host',
        'bookinfo',
        ['reviews', 'reviews2', 'reviews3'],
      ],
      ['TestMultiServiceEntry', 'external-hosts', 'test', []],
      [
        'TestMultiServiceEntryInvalid',
        'external-same-host',
        'test',
        ['service-a', 'service-a2'],
      ],
    ] as const
  ).map(([test, fixture, namespace, names]) =>
    drMultiMatch(
      test,
      `dr-multimatch-${fixture}.yaml`,
      'MP1105',
      'KIA0201',
      names.map(name => dr(`${namespace}/${name}`)),
    ),
  ),
  ...(
    [
      ['TestExportMultiHostMatchCorrect', 'exported-distinct', []],
      [
        'TestExportMultiHostMatchInvalid',
        'exported-same-host',
        ['test/rule1', 'test2/rule2', 'test3/rule3'],
      ],
      [
        'TestExportMultiHostMatchInvalid2',
        'exported-two-hosts',
        ['test/rule1', 'test2/rule2'],
      ],
      [
        'TestExportMultiHostMatchWildcardInvalid',
        'exported-wildcard',
        ['test/rule1', 'test2/rule2'],
      ],
      [
        'TestExportMultiHostMatchBothWildcardInvalid',
        'exported-both-wildcards',
        ['test/rule1', 'test2/rule2'],
      ],
    ] as const
  ).map(([test, fixture, names]) =>
    drMultiMatchExported(
      test,
      `dr-multimatch-${fixture}.yaml`,
      'MP1105',
      'KIA0201',
      names.map(name => dr(name)),
    ),
  ),
  ...(
    [
      ['TestOneVirtualServicePerHost', 'distinct', []],
      ['TestOneVirtualServicePerFQDNHost', 'distinct-fqdn', []],
      ['TestOneVirtualServicePerFQDNWildcardHost', 'distinct-wildcards', []],
      [
        'TestRepeatingSimpleHost',
        'repeated',
        ['virtual-1', 'virtual-2', 'virtual-3'],
      ],
      ['TestRepeatingSimpleHostWithGateway', 'gateway-and-mesh', []],
      [
        'TestRepeatingSimpleHostWithGateway',
        'same-gateway',
        ['virtual-1', 'virtual-2'],
      ],
      ['TestRepeatingSVCNSHost', 'svc-ns', ['virtual-1', 'virtual-2']],
      ['TestRepeatingSVCNSHost', 'wildcard-covers', ['virtual-1', 'virtual-2']],
      ['TestRepeatingSVCNSHost', 'different-services', []],
      [
        'TestRepeatingFQDNHost',
        'repeated-fqdn',
        ['virtual-1', 'virtual-2', 'virtual-3'],
      ],
      [
        'TestRepeatingFQDNWildcardHost',
        'repeated-wildcard',
        ['virtual-1', 'virtual-2'],
      ],
      [
        'TestWildcardisMarkedInvalid',
        'bare-wildcard',
        ['virtual-1', 'virtual-2'],
      ],
      [
        'TestMultipleHostsFailing',
        'multiple-hosts',
        ['virtual-1', 'virtual-2'],
      ],
      ['TestMultipleHostsPassing', 'multiple-hosts-distinct', []],
      [
        'TestIncludedIntoWildCard',
        'included-in-wildcard',
        ['virtual-1', 'virtual-2', 'virtual-3'],
      ],
      [
        'TestShortHostNameIncludedIntoWildCard',
        'short-in-wildcard',
        ['virtual-1', 'virtual-2', 'virtual-3'],
      ],
    ] as const
  ).map(([test, fixture, names]) =>
    vsSingleHost(
      test,
      `vs-single-host-${fixture}.yaml`,
      'MP1104',
      'KIA1106',
      names.map(name => vs(`bookinfo/${name}`)),
    ),
  ),
  ...(
    [
      ['TestCorrectGateways', 'one', []],
      ['TestCaseMatching', 'case', ['test/foxxed']],
      ['TestDashSubdomainMatching', 'dash-subdomain', []],
      ['TestSameHostPortConfigInDifferentIngress', 'different-workloads', []],
      [
        'TestSameHostPortConfigInDifferentNamespace',
        'other-namespace',
        ['test/validgateway', 'bookinfo/stillvalid'],
      ],
      ['TestSameHostDifferentPortConfig', 'different-port', []],
      [
        'TestWildCardMatchingHost',
        'wildcard-covers',
        ['test/validgateway', 'test/stillvalid', 'test/keepsvalid'],
      ],
      [
        'TestSameWildcardHostPortConfigInDifferentNamespace',
        'same-wildcard-other-namespace',
        [
          'bookinfo/bookinfo-gateway-auto-host',
          'bookinfo2/bookinfo-gateway-auto-host-copy',
        ],
      ],
      [
        'TestAnotherSubdomainWildcardCombination',
        'wildcard-and-subdomain',
        ['test/shouldnotbevalid'],
      ],
      ['TestNoMatchOnSubdomainHost', 'domain-and-subdomain', []],
      ['TestNoMatchOnWildcardSubdomainHost', 'nested-wildcards', []],
      [
        'TestTwoWildCardsMatching',
        'two-bare-wildcards',
        ['test/validgateway', 'test/stillvalid'],
      ],
      [
        'TestDuplicateGatewaysErrorCount',
        'identical',
        ['test/validgateway', 'test/duplicatevalidgateway'],
      ],
      ['TestNoMatchOnDifferentTargetNamespaces', 'target-namespaces', []],
    ] as const
  ).map(([test, fixture, names]) => {
    const expected = names.map(name => gw(name));
    const disagreement = gatewayDisagreements[fixture];
    return gwMultiMatch(
      test,
      `gateways-multimatch-${fixture}.yaml`,
      'MP1121',
      'KIA0301',
      expected,
      disagreement,
    );
  }),
  ...(
    [
      ['TestValidHost', 'valid-host', 'MP1108', 'KIA0202', false],
      [
        'TestValidWildcardHost',
        'namespace-wildcard',
        'MP1108',
        'KIA0202',
        false,
      ],
      [
        'TestValidMeshWideHost',
        'meshwide-wildcard',
        'MP1108',
        'KIA0202',
        false,
      ],
      ['TestValidShortSvcHost', 'svc-host', 'MP1108', 'KIA0202', false],
      [
        'TestValidServiceNamespace',
        'svc-namespace-host',
        'MP1108',
        'KIA0202',
        false,
      ],
      [
        'TestValidServiceNamespaceInvalid',
        'unknown-namespace',
        'MP1108',
        'KIA0202',
        true,
      ],
      [
        'TestValidServiceNamespaceCrossNamespace',
        'cross-namespace',
        'MP1108',
        'KIA0202',
        false,
      ],
      ['TestNoValidHost', 'unknown-host', 'MP1108', 'KIA0202', true],
      ['TestNoValidShortSvcHost', 'truncated-fqdn', 'MP1108', 'KIA0202', true],
      ['TestWildcardServiceEntry', 'se-wildcard', 'MP1108', 'KIA0202', false],
      [
        'TestExportedInternalServiceEntry',
        'se-internal',
        'MP1108',
        'KIA0202',
        false,
      ],
      [
        'TestWildcardExportedInternalServiceEntry',
        'se-internal-wildcard',
        'MP1108',
        'KIA0202',
        false,
      ],
      [
        'TestExportedInternalServiceEntryFail',
        'se-internal-other-host',
        'MP1108',
        'KIA0202',
        true,
      ],
      [
        'TestWildcardExportedInternalServiceEntryFail',
        'se-internal-other-wildcard',
        'MP1108',
        'KIA0202',
        true,
      ],
      [
        'TestExportedNonFQDNInternalServiceEntryFail',
        'se-short-name',
        'MP1108',
        'KIA0202',
        true,
      ],
      [
        'TestExportedExternalServiceEntry',
        'se-external',
        'MP1108',
        'KIA0202',
        false,
      ],
      [
        'TestExportedExternalServiceEntryFail',
        'se-external-other-host',
        'MP1108',
        'KIA0202',
        true,
      ],
      ['TestValidHost', 'valid-host', 'MP1107', 'KIA0203', false],
      [
        'TestNoMatchingSubset',
        'subset-without-workload',
        'MP1107',
        'KIA0203',
        true,
      ],
      [
        'TestNoMatchingSubsetWithMoreLabels',
        'subset-extra-label',
        'MP1107',
        'KIA0203',
        true,
      ],
      ['TestNoLabelsInSubset', 'subset-no-labels', 'MP1106', 'KIA0209', true],
      ['TestValidHost', 'valid-host', 'MP1106', 'KIA0209', false],
    ] as const
  ).map(([test, fixture, code, peerCode, reported]) => {
    let rule = 'test-namespace/name';
    if (fixture === 'se-wildcard') rule = 'test/disable-mtls-for-sni-proxy';
    else if (fixture.startsWith('se-')) rule = 'bookinfo/details';
    return drNoDest(
      test,
      `dr-nodest-${fixture}.yaml`,
      code,
      peerCode,
      reported ? [dr(rule)] : [],
    );
  }),
  ...(
    [
      ['TestCheckerWithSubsetMatching', 'matching', []],
      [
        'TestCheckerWithSubsetsMatchingShortHostnameDiffNs',
        'other-namespace-short-host',
        ['bookinfo/reviews-vs'],
      ],
      ['TestDestRuleDifferentNamespaceFQDNName', 'other-namespace-fqdn', []],
      [
        'TestDestRuleDifferentNamespaceHalfFQDNName',
        'other-namespace-half-fqdn',
        [],
      ],
      ['TestSubsetsNotFound', 'not-found', ['bookinfo/reviews-vs']],
      [
        'TestWrongDestinationRule',
        'wrong-destination-rule',
        ['bookinfo/reviews-vs'],
      ],
      [
        'TestSubsetPresentWildcardDestinationRule',
        'wildcard-destination-rule',
        [],
      ],
      ['TestCorrectServiceEntry', 'service-entry', []],
      [
        'TestInvalidServiceEntry',
        'service-entry-missing',
        ['istio-trials/orahub-vs'],
      ],
    ] as const
  ).map(([test, fixture, names]) =>
    vsSubsets(
      test,
      `vs-subsets-${fixture}.yaml`,
      'MP1102',
      'KIA1107',
      names.map(name => vs(name)),
    ),
  ),
  ...(
    [
      ['TestValidHost', 'valid', []],
      ['TestValidHostWithTwoPartName', 'two-part-name', []],
      [
        'TestNoValidHost',
        'unknown',
        ['bookinfo/reviews', 'bookinfo/reviews-tcp'],
      ],
      [
        'TestNoValidHostWrongNamespace',
        'wrong-namespace',
        ['bookinfo/ratings', 'bookinfo/ratings-tcp'],
      ],
      [
        'TestInvalidServiceNamespaceFormatHost',
        'unknown-namespace',
        ['test/reviews-tcp'],
      ],
      ['TestValidWildcardServiceEntryHost', 'service-entry', []],
      [
        'TestInvalidServiceNamespaceFormatCrossNamespace',
        'unknown-namespace-cross',
        ['test/ratings', 'bookinfo/ratings'],
      ],
    ] as const
  ).map(([test, fixture, names]) =>
    vsNoHost(
      test,
      `vs-nohost-${fixture}.yaml`,
      'MP1101',
      'KIA1101',
      names.map(name => vs(name)),
    ),
  ),
  ...(
    [
      ['TestMissingGateway', 'missing', true],
      ['TestMissingGateways', 'two-missing', true],
      ['TestMissingGatewayInHTTPMatch', 'missing-in-match', true],
      ['TestValidAndMissingGateway', 'valid-and-missing', true],
      ['TestFoundGateway', 'found', false],
      ['TestFoundRemoteGateway', 'other-namespace', false],
      ['TestFoundGatewayTwoPartNaming', 'two-part-name', false],
      ['TestFQDNFoundGateway', 'fqdn', false],
      ['TestFQDNFoundOtherNamespaceGateway', 'fqdn-other-namespace', false],
      ['TestNewIstioGatewayNameFormat', 'namespace-name', false],
    ] as const
  ).map(([test, fixture, reported]) =>
    vsNoGateway(
      test,
      `vs-gateway-${fixture}.yaml`,
      'MP1103',
      'KIA1102',
      reported
        ? [vs(fixture === 'missing-in-match' ? 'default/test' : 'test/reviews')]
        : [],
    ),
  ),
  ...(
    [
      [
        'TestSourceNamespaceExisting',
        'source-namespaces-existing',
        'MP1117',
        'KIA0101',
        false,
      ],
      [
        'TestSourceNamespaceWildcardPrefix',
        'source-namespaces-prefix',
        'MP1117',
        'KIA0101',
        false,
      ],
      [
        'TestSourceNamespaceWildcardSuffix',
        'source-namespaces-suffix',
        'MP1117',
        'KIA0101',
        false,
      ],
      [
        'TestSourceNamespaceWildcardPresence',
        'source-namespaces-any',
        'MP1117',
        'KIA0101',
        false,
      ],
      [
        'TestSourceNamespaceNotFound',
        'source-namespaces-missing',
        'MP1117',
        'KIA0101',
        true,
      ],
      ['TestToMethodWrongHTTP', 'methods-invalid', 'MP1118', 'KIA0102', true],
      [
        'TestToMethodWildcardPresenceMatch',
        'methods-presence',
        'MP1118',
        'KIA0102',
        false,
      ],
      [
        'TestToMethodWildcardPrefixAndSuffix',
        'methods-patterns',
        'MP1118',
        'KIA0102',
        false,
      ],
      [
        'TestToMethodWildcardWithInvalidStillFlags',
        'methods-patterns-invalid',
        'MP1118',
        'KIA0102',
        true,
      ],
    ] as const
  ).map(([test, fixture, code, peerCode, reported]) =>
    authzNamespaceMethod(
      test,
      `authz-${fixture}.yaml`,
      code,
      peerCode,
      reported ? [ap('bookinfo/policy')] : [],
    ),
  ),
  ...(
    [
      ['TestPresentServiceAccount', 'present', false],
      ['TestRegexPrincipalFound', 'patterns', false],
      ['TestRegexPrincipalNotFound', 'patterns-missing', true],
      ['TestNotPresentServiceAccount', 'missing', true],
      ['TestEmptyServiceAccount', 'none-exist', true],
      ['TestWildcardPrincipal', 'any', false],
    ] as const
  ).map(([test, fixture, reported]) =>
    authzPrincipals(
      test,
      `authz-principals-${fixture}.yaml`,
      'MP1119',
      'KIA0106',
      reported ? [ap('bookinfo/policy')] : [],
      fixture === 'patterns'
        ? {
            engine: [ap('bookinfo/policy')],
            reason:
              'Istio matches principals exactly, by prefix (`a*`), by suffix (`*a`) or by presence (`*`): `*local/ns/bookinfo/sa/default*` is a suffix match on the literal `local/ns/bookinfo/sa/default*`, which no service account has. Kiali reads it as "contains".',
          }
        : undefined,
    ),
  ),
  workloadSelector(
    'TestPresentWorkloads',
    'workload-selector-present.yaml',
    'MP1114',
    'KIA0004',
    [],
  ),
  workloadSelector(
    'TestWorkloadNotFound',
    'workload-selector-missing.yaml',
    'MP1114',
    'KIA0004',
    [
      'Sidecar bookinfo/sidecar-appwrongversionv1',
      'Sidecar bookinfo/sidecar-appdetailsversionwrong',
      'Sidecar bookinfo/sidecar-appwrong',
    ],
  ),
  workloadSelector(
    'TestWorkloadNotFoundIgnoresOtherNamespaces',
    'workload-selector-other-namespace.yaml',
    'MP1114',
    'KIA0004',
    ['Sidecar bookinfo/details'],
  ),
  ...(
    [
      ['TestCoveredworkloads', 'root-policy', []],
      ['TestCoveredworkloads', 'namespace-policy', []],
      [
        'TestUnCoveredWorkloads',
        'selector-policy',
        ['bookinfo/uncovered-workload'],
      ],
      [
        'TestUnCoveredWorkloads',
        'root-selector-mismatch',
        ['movieinfo/uncovered-workload1'],
      ],
      [
        'TestUnCoveredWorkloads',
        'no-policy',
        ['movieinfo/uncovered-workload1'],
      ],
    ] as const
  ).map(([test, fixture, names]) =>
    uncovered(
      test,
      `uncovered-${fixture}.yaml`,
      'MP1124',
      'KIA1301',
      names.map(name => `Deployment ${name}`),
    ),
  ),
  ...(
    [
      [
        'TestServicePortNaming',
        'port-name-mismatch',
        'test-namespace',
        'KIA0601',
        true,
      ],
      [
        'TestServicePortNamingIstioSystem',
        'port-name-mismatch-istio-system',
        'istio-system',
        'KIA0601',
        true,
      ],
      [
        'TestPortMappingMatch',
        'port-name-valid',
        'test-namespace',
        'KIA0601',
        false,
      ],
      [
        'TestServicePortAppProtocol',
        'port-app-protocol-invalid',
        'test-namespace',
        'KIA0602',
        true,
      ],
      [
        'TestServicePortAppProtocol',
        'port-app-protocol-valid',
        'test-namespace',
        'KIA0602',
        false,
      ],
    ] as const
  ).map(([test, fixture, namespace, peerCode, reported]) =>
    portMapping(
      test,
      `service-${fixture}.yaml`,
      'MP1112',
      peerCode,
      reported ? [`Service ${namespace}/reviews`] : [],
    ),
  ),
  ...(
    [
      ['TestMissingK8sGateway', 'gateway-missing', true],
      ['TestMissingK8sGateways', 'gateways-missing', true],
      ['TestValidAndMissingK8sGateway', 'gateway-valid-and-missing', true],
      ['TestFoundK8sGateway', 'gateway-found', false],
      ['TestFoundSharedK8sGateway', 'gateway-shared-selector', false],
      [
        'TestNotSharedNSK8sGatewayError',
        'gateway-shared-selector-mismatch',
        true,
      ],
      ['TestFoundSharedToAllK8sGateway', 'gateway-shared-all', false],
      [
        'TestWrongNSSharedK8sGatewayError',
        'gateway-other-namespace-same',
        true,
      ],
    ] as const
  ).map(([test, fixture, reported]) =>
    routeGateway(
      test,
      `httproute-${fixture}.yaml`,
      'MP1122',
      'KIA1401',
      reported ? ['HTTPRoute bookinfo/route'] : [],
    ),
  ),
  ...(
    [
      ['TestValidRefHost', 'backend-granted', 'bookinfo2', false],
      [
        'TestValidRefHostMultiToGrant',
        'backend-granted-several-kinds',
        'bookinfo2',
        false,
      ],
      ['TestMissingGrant', 'backend-no-grant', 'bookinfo2', true],
      ['TestWrongGrant', 'backend-wrong-grant', 'bookinfo2', true],
      [
        'TestValidRefHostDefaultNs',
        'backend-same-namespace',
        'bookinfo',
        false,
      ],
      [
        'TestInvalidRefHostDefaultNs',
        'backend-wrong-default-namespace',
        'bookinfo2',
        true,
      ],
      ['TestNoValidRefHost', 'backend-missing', 'bookinfo', true],
      ['TestInvalidRefHostFQDN', 'backend-fqdn', 'bookinfo', true],
      ['TestNoValidRefHost', 'service-parent-missing', 'bookinfo', true],
      ['TestValidRefHostDefaultNs', 'service-parent-found', 'bookinfo', false],
    ] as const
  ).map(([test, fixture, namespace, reported]) =>
    routeHost(
      test,
      `httproute-${fixture}.yaml`,
      'MP1123',
      'KIA1402',
      reported ? [`HTTPRoute ${namespace}/route`] : [],
    ),
  ),
  routeHost(
    'TestMissingGrant',
    'httproute-service-parent-other-namespace.yaml',
    'MP1123',
    'KIA1402',
    ['HTTPRoute bookinfo2/route'],
    {
      engine: [],
      reason:
        'Gateway API asks a ReferenceGrant for backendRefs only: a route attaching to a Service of another namespace (a GAMMA consumer route) changes the traffic of its own namespace, so its parentRef needs no grant. Kiali asks one for parentRefs too.',
    },
  ),
];

/** Every scenario of the parity suite. */
export const parityScenarios: ParityScenario[] = [
  ...istioScenarios,
  ...kialiScenarios,
];
