/// An OWL 2 EL classifier: normalises axioms and saturates them with completion rules in the
/// style of ELK (Kazakov et al., "The Incredible ELK", 2014).
///
/// Handles ⊑, ≡, ⊓ nested at any depth, ∃r.C, ⊤, ⊥ (`owl:Nothing`, disjointness), ⊔ on the left,
/// `rdfs:domain` (∃r.⊤ ⊑ D), `rdfs:range` (fillers of r gain the range), sub-properties,
/// property chains and transitivity. Anything else is counted as ignored by `OntologyAxioms`.
public struct ELReasoner {
    /// Concept ids: 0 is ⊤, 1 is ⊥, then named classes, then fresh concepts from normalisation.
    typealias Concept = Int32
    typealias Role = Int32
    static let top: Concept = 0
    static let bottom: Concept = 1

    private(set) var conceptCount: Int32 = 2
    private(set) var namedConcepts: [String: Concept] = [:]
    /// The concept of each IRI passed as `classes`, in that order.
    private(set) var classConcepts: [Concept] = []
    /// Every named concept, in the (ascending) order they were numbered.
    private var namedList: [Concept] = []
    /// The atom standing for each left-hand ∃r.A, keyed by r and A's atom.
    private var leftExistentials = IntegerMap()
    private var fillerConcepts: [ClassExpression: Concept] = [:]
    private(set) var roles: [String: Role] = [:]

    // Normalised axioms as (key, value) pairs; saturation groups them by key into flat lists.
    fileprivate var toldSubsumers: [(key: Concept, value: Concept)] = []            // A ⊑ B
    /// Binary conjunctions A ⊓ B ⊑ F (n-ary ones are chained through fresh atoms).
    fileprivate var conjunctions: [(a: Concept, b: Concept, sup: Concept)] = []
    /// The atom of each conjunction, keyed by the unordered pair, so that each pair is named once.
    fileprivate var conjunctionByPair = IntegerMap()
    fileprivate var existentialsRight: [(key: Concept, value: (role: Role, filler: Concept))] = []  // A ⊑ ∃r.B
    fileprivate var existentialsLeft: [(key: Concept, value: (role: Role, sup: Concept))] = []      // ∃r.A ⊑ B, by A
    fileprivate var superRoles: [Role: [Role]] = [:]                      // reflexive-transitive
    fileprivate var chainsByFirst: [Role: [(second: Role, sup: Role)]] = [:]
    fileprivate var chainsBySecond: [Role: [(first: Role, sup: Role)]] = [:]
    private var rangesOf: [Role: [ClassExpression]] = [:]
    private var rangeFillers: [Int64: Concept] = [:]
    private var pendingRightExistentials: [(Concept, Role, ClassExpression)] = []

    /// Creates a reasoner over `axioms`; call `classify()` to saturate.
    public init(axioms: OntologyAxioms, classes: [String] = []) {
        // Concept numbers follow the caller's class order, then the remaining IRIs sorted: deterministic
        // without sorting every IRI (string sorting was a visible part of classifying large ontologies).
        namedConcepts.reserveCapacity(classes.count + axioms.classIRIs.count)
        classConcepts = classes.map { named($0) }
        for iri in axioms.classIRIs.filter({ namedConcepts[$0] == nil }).sorted() { _ = named(iri) }
        buildRoleHierarchy(axioms)
        for (property, range) in axioms.ranges {
            rangesOf[role(property), default: []].append(range)
        }
        for (property, domain) in axioms.domains {
            addLeft(.some(property: property, filler: .top), implies: domain)
        }
        for (sub, sup) in axioms.subsumptions {
            addLeft(sub, implies: sup)
        }
    }

    // MARK: Vocabulary

    mutating func named(_ iri: String) -> Concept {
        if let concept = namedConcepts[iri] { return concept }
        let concept = conceptCount
        conceptCount += 1
        namedConcepts[iri] = concept
        namedList.append(concept)
        return concept
    }

    mutating func fresh() -> Concept {
        let concept = conceptCount
        conceptCount += 1
        return concept
    }

    mutating func role(_ iri: String) -> Role {
        if let existing = roles[iri] { return existing }
        let id = Role(roles.count)
        roles[iri] = id
        return id
    }

    mutating func buildRoleHierarchy(_ axioms: OntologyAxioms) {
        var direct: [Role: Set<Role>] = [:]
        for (sub, sup) in axioms.subProperties {
            direct[role(sub), default: []].insert(role(sup))
        }
        for (chain, sup) in axioms.propertyChains {
            for member in chain { _ = role(member) }
            _ = role(sup)
        }
        for (property, _) in axioms.domains { _ = role(property) }
        for (property, _) in axioms.ranges { _ = role(property) }
        for id in roles.values {
            var closure: Set<Role> = [id]
            var stack = [id]
            while let next = stack.popLast() {
                for parent in direct[next] ?? [] where closure.insert(parent).inserted { stack.append(parent) }
            }
            superRoles[id] = Array(closure)
        }
        for (chain, sup) in axioms.propertyChains {
            let supRole = role(sup)
            if chain.count == 1 {
                // A one-element chain is a sub-property axiom; fold it into the closure.
                let sub = role(chain[0])
                var closure = Set(superRoles[sub] ?? [sub])
                closure.formUnion(superRoles[supRole] ?? [supRole])
                superRoles[sub] = Array(closure)
                continue
            }
            // r1∘r2∘…∘rn ⊑ s becomes r1∘r2 ⊑ u1, u1∘r3 ⊑ u2, …, with fresh roles u.
            var left = role(chain[0])
            for index in 1..<chain.count {
                let right = role(chain[index])
                let target: Role
                if index == chain.count - 1 {
                    target = supRole
                } else {
                    target = role("urn:panet:chain:\(sup):\(index):" + chain.prefix(index + 1).joined(separator: "|"))
                    superRoles[target] = [target]
                }
                chainsByFirst[left, default: []].append((right, target))
                chainsBySecond[right, default: []].append((left, target))
                left = target
            }
        }
        for id in roles.values where superRoles[id] == nil { superRoles[id] = [id] }
    }

    // MARK: Normalisation

    /// Adds `sub ⊑ sup` for arbitrary expressions.
    mutating func addLeft(_ sub: ClassExpression, implies sup: ClassExpression) {
        if case .or(let members) = sub {
            for member in members { addLeft(member, implies: sup) }
            return
        }
        guard let left = leftAtom(sub) else { return }
        addRight(left, sup)
    }

    /// The atom standing for a left-hand expression, adding the axioms that define it; nil when
    /// the expression cannot be used on the left (it contains an unsupported construct).
    mutating func leftAtom(_ expression: ClassExpression) -> Concept? {
        switch expression {
        case .top: return ELReasoner.top
        case .bottom: return ELReasoner.bottom
        case .named(let iri): return named(iri)
        case .unsupported, .or: return nil
        case .and(let members):
            if members.isEmpty { return ELReasoner.top }
            if members.count == 1 { return leftAtom(members[0]) }
            var atoms: [Concept] = []
            for member in members {
                guard let atom = leftAtom(member) else { return nil }
                atoms.append(atom)
            }
            // Chain A1 ⊓ A2 ⊓ … as ((A1 ⊓ A2) ⊓ A3) …, each pair named once, so the rule can look
            // a pair up from a concept's subsumers instead of scanning every conjunction of a conjunct.
            var unique: [Concept] = []
            for atom in atoms where !unique.contains(atom) { unique.append(atom) }
            var accumulated = unique[0]
            for atom in unique.dropFirst() { accumulated = binaryConjunction(accumulated, atom) }
            return accumulated
        case .some(let property, let filler):
            // Keyed by role and filler atom: hashing the expression itself (strings, nesting) cost more.
            guard let fillerAtom = leftAtom(filler) else { return nil }
            let roleID = role(property)
            let key = UInt64(UInt32(roleID)) << 32 | UInt64(UInt32(fillerAtom))
            if let existing = leftExistentials[key] { return existing }
            let concept = fresh()
            leftExistentials.set(key, concept)
            existentialsLeft.append((fillerAtom, (roleID, concept)))
            return concept
        }
    }

    /// The atom F with A ⊓ B ⊑ F, created once per unordered pair.
    mutating func binaryConjunction(_ a: Concept, _ b: Concept) -> Concept {
        if a == b { return a }
        let key = ELReasoner.pairKey(a, b)
        if let existing = conjunctionByPair[key] { return existing }
        let concept = fresh()
        conjunctionByPair.set(key, concept)
        conjunctions.append((a, b, concept))
        return concept
    }

    static func pairKey(_ a: Concept, _ b: Concept) -> UInt64 {
        UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
    }

    /// Adds `atom ⊑ expression`, splitting conjunctions and naming nested fillers.
    mutating func addRight(_ atom: Concept, _ expression: ClassExpression) {
        switch expression {
        case .top, .unsupported, .or:
            return
        case .bottom:
            toldSubsumers.append((atom, ELReasoner.bottom))
        case .named(let iri):
            let target = named(iri)
            if target != atom { toldSubsumers.append((atom, target)) }
        case .and(let members):
            for member in members { addRight(atom, member) }
        case .some(let property, let filler):
            let roleID = role(property)
            let fillerAtom = rightFiller(filler, role: roleID)
            existentialsRight.append((atom, (roleID, fillerAtom)))
        }
    }

    /// The atom for the filler of a right-hand existential, conjoined with the ranges of its role.
    mutating func rightFiller(_ filler: ClassExpression, role: Role) -> Concept {
        var ranges: [ClassExpression] = []
        if !rangesOf.isEmpty {
            for superRole in superRoles[role] ?? [role] { ranges += rangesOf[superRole] ?? [] }
        }
        let base: Concept
        switch filler {
        case .named(let iri) where ranges.isEmpty: return named(iri)
        case .top where ranges.isEmpty: return ELReasoner.top
        case .bottom: return ELReasoner.bottom
        default:
            if let existing = fillerConcepts[filler] {
                base = existing
            } else {
                base = fresh()
                fillerConcepts[filler] = base
                addRight(base, filler)
            }
        }
        guard !ranges.isEmpty else { return base }
        let key = Int64(base) << 32 | Int64(role)
        if let existing = rangeFillers[key] { return existing }
        let concept = fresh()
        rangeFillers[key] = concept
        toldSubsumers.append((concept, base))
        for range in ranges { addRight(concept, range) }
        return concept
    }

    // MARK: Saturation

    /// The result of saturation: subsumers of every concept.
    struct Saturation {
        var subsumers: [[Concept]]
    }

    /// Runs the completion rules to a fixpoint.
    ///
    /// - Complexity: polynomial in the size of the normalised ontology.
    func saturate() -> Saturation {
        var engine = Engine(reasoner: self)
        engine.initialise(ELReasoner.top)
        for concept in namedList { engine.initialise(concept) }
        engine.run()
        return Saturation(subsumers: engine.finalSubsumers())
    }

    fileprivate struct LinkKey {
        let source: Concept
        let role: Role
        let target: Concept
    }

    fileprivate struct Engine {
        // Flat copies of the reasoner's indexes: array lookups in the inner loops, no hashing and no
        // reference counting of nested arrays.
        let rules: RuleIndex
        let superRoles: FlatLists<Role>
        let chainsByFirst: FlatLists<(second: Role, sup: Role)>
        let chainsBySecond: FlatLists<(first: Role, sup: Role)>
        /// Subsumers of the concepts without a membership table; a concept's list is emptied when it
        /// gets one and read back from the table at the end (`finalSubsumers`).
        var subsumers: [[Concept]]
        /// Membership for concepts with many subsumers; small lists are scanned directly, which
        /// is faster than hashing and keeps memory local.
        var membership: MembershipTables
        static let scanLimit = 16
        var initialised: [Bool]
        /// Links by source, added as soon as they are found (so they also serve to spot repeats).
        var forward: [[(role: Role, target: Concept)]]
        var backward: [[(role: Role, source: Concept)]]
        /// Links of sources with many links, packed as source (27 bits) | role (10 bits) | target
        /// (27 bits); a source with few links is checked by scanning its `forward` list.
        var links = IntegerSet()
        var linksHashed: [Bool]
        static let linkScanLimit = 16
        /// Concepts known to be unsatisfiable (⊥ among their subsumers).
        var unsatisfiable: [Bool]
        /// Per concept, the conjunctions whose trigger has arrived before their guard: (guard, F).
        var waiting: [[(guard: Concept, sup: Concept)]]
        /// Per concept D, the (r, F) of every ∃r.E ⊑ F with E a subsumer of D: what a new link
        /// x →r→ D passes back to x. Much shorter than D's subsumers.
        var propagations: [[(role: Role, sup: Concept)]]
        var queue: [(Concept, Concept)] = []
        var linkQueue: [LinkKey] = []

        init(reasoner: ELReasoner) {
            let count = Int(reasoner.conceptCount)
            var conjunctionCount = [Int32](repeating: 0, count: count)
            for (a, b, _) in reasoner.conjunctions {
                conjunctionCount[Int(a)] += 1
                conjunctionCount[Int(b)] += 1
            }
            var triggered: [(key: Concept, value: (guard: Concept, sup: Concept))] = []
            var guarded: [(key: Concept, value: Concept)] = []
            triggered.reserveCapacity(reasoner.conjunctions.count)
            guarded.reserveCapacity(reasoner.conjunctions.count)
            for (a, b, sup) in reasoner.conjunctions {
                let countA = conjunctionCount[Int(a)], countB = conjunctionCount[Int(b)]
                let (trigger, guardConcept) = countA < countB || (countA == countB && a > b) ? (a, b) : (b, a)
                triggered.append((trigger, (guardConcept, sup)))
                guarded.append((guardConcept, trigger))
            }
            rules = RuleIndex(
                told: FlatLists(pairs: reasoner.toldSubsumers, count: count),
                triggered: FlatLists(pairs: triggered, count: count),
                existsRight: FlatLists(pairs: reasoner.existentialsRight, count: count),
                existsLeft: FlatLists(pairs: reasoner.existentialsLeft, count: count),
                guarded: FlatLists(pairs: guarded, count: count))
            waiting = Array(repeating: [], count: count)
            propagations = Array(repeating: [], count: count)
            let roleCount = reasoner.roles.count
            var roles = reasoner.superRoles
            for index in 0..<roleCount where roles[Role(index)]?.isEmpty ?? true { roles[Role(index)] = [Role(index)] }
            superRoles = FlatLists(roles, count: roleCount)
            chainsByFirst = FlatLists(reasoner.chainsByFirst, count: roleCount)
            chainsBySecond = FlatLists(reasoner.chainsBySecond, count: roleCount)
            subsumers = Array(repeating: [], count: count)
            membership = MembershipTables(ownerCount: count)
            precondition(count < 1 << 27 && reasoner.roles.count < 1 << 10, "ontology too large for the link encoding")
            links = IntegerSet()
            linksHashed = Array(repeating: false, count: count)
            unsatisfiable = Array(repeating: false, count: count)
            initialised = Array(repeating: false, count: count)
            forward = Array(repeating: [], count: count)
            backward = Array(repeating: [], count: count)
        }

        mutating func initialise(_ concept: Concept) {
            guard !initialised[Int(concept)] else { return }
            initialised[Int(concept)] = true
            add(concept, concept)
            add(concept, ELReasoner.top)
        }

        /// Every concept's subsumers, from its list or its table.
        mutating func finalSubsumers() -> [[Concept]] {
            for owner in subsumers.indices where membership.hasTable(owner) {
                subsumers[owner] = membership.members(owner)
            }
            return subsumers
        }

        @inline(__always)
        func has(_ concept: Concept, _ subsumer: Concept) -> Bool {
            if membership.hasTable(Int(concept)) { return membership.contains(Int(concept), subsumer) }
            return subsumers[Int(concept)].contains(subsumer)
        }

        mutating func add(_ concept: Concept, _ subsumer: Concept) {
            let owner = Int(concept)
            if membership.hasTable(owner) {
                guard membership.insert(owner, subsumer) else { return }
            } else {
                guard !subsumers[owner].contains(subsumer) else { return }
                subsumers[owner].append(subsumer)
                if subsumers[owner].count > Engine.scanLimit {
                    // From here on the table alone holds them (see `finalSubsumers`).
                    membership.build(owner, from: subsumers[owner])
                    subsumers[owner] = []
                }
            }
            if subsumer == ELReasoner.bottom { unsatisfiable[owner] = true }
            queue.append((concept, subsumer))
        }

        mutating func addLink(_ source: Concept, _ role: Role, _ target: Concept) {
            for index in superRoles.range(role) {
                let superRole = superRoles.values[index]
                if linksHashed[Int(source)] {
                    guard links.insert(Engine.linkKey(source, superRole, target)) else { continue }
                } else {
                    guard !forward[Int(source)].contains(where: { $0.role == superRole && $0.target == target }) else { continue }
                    if forward[Int(source)].count >= Engine.linkScanLimit {
                        linksHashed[Int(source)] = true
                        var position = 0
                        while position < forward[Int(source)].count {
                            let (knownRole, knownTarget) = forward[Int(source)][position]
                            links.insert(Engine.linkKey(source, knownRole, knownTarget))
                            position += 1
                        }
                        links.insert(Engine.linkKey(source, superRole, target))
                    }
                }
                forward[Int(source)].append((superRole, target))
                linkQueue.append(LinkKey(source: source, role: superRole, target: target))
            }
        }

        @inline(__always)
        static func linkKey(_ source: Concept, _ role: Role, _ target: Concept) -> UInt64 {
            UInt64(UInt32(source)) << 37 | UInt64(UInt32(role)) << 27 | UInt64(UInt32(target))
        }

        mutating func run() {
            while true {
                if let (concept, subsumer) = queue.popLast() {
                    process(concept, subsumer)
                } else if let link = linkQueue.popLast() {
                    process(link)
                } else {
                    break
                }
            }
        }

        /// Rules fired when `subsumer` joins the subsumers of `concept`.
        mutating func process(_ concept: Concept, _ subsumer: Concept) {
            let spans = rules.spans(of: subsumer)
            for index in spans.told { add(concept, rules.told[index]) }
            // A ⊓ B ⊑ F, watched from its trigger A: if B is there, F follows; otherwise the
            // conjunction waits at the concept until B arrives. A guard such as a popular parent class
            // thus costs one flag test, not a probe for each of its many partners.
            for index in spans.triggered {
                let (guardConcept, sup) = rules.triggered[index]
                if has(concept, guardConcept) {
                    add(concept, sup)
                } else {
                    waiting[Int(concept)].append((guardConcept, sup))
                }
            }
            if spans.guards {
                var position = 0
                while position < waiting[Int(concept)].count {
                    let (guardConcept, sup) = waiting[Int(concept)][position]
                    position += 1
                    if guardConcept == subsumer { add(concept, sup) }
                }
            }
            for index in spans.existsRight {
                let (role, filler) = rules.existsRight[index]
                addLink(concept, role, filler)
            }
            if !spans.existsLeft.isEmpty {
                for index in spans.existsLeft {
                    propagations[Int(concept)].append(rules.existsLeft[index])
                }
                var position = 0
                while position < backward[Int(concept)].count {
                    let (linkRole, source) = backward[Int(concept)][position]
                    position += 1
                    for index in spans.existsLeft {
                        let (role, sup) = rules.existsLeft[index]
                        if role == linkRole { add(source, sup) }
                    }
                }
            }
            if subsumer == ELReasoner.bottom {
                var position = 0
                while position < backward[Int(concept)].count {
                    add(backward[Int(concept)][position].source, ELReasoner.bottom)
                    position += 1
                }
            }
        }

        /// Rules fired when a new link `source →role→ target` appears.
        mutating func process(_ link: LinkKey) {
            let source = link.source, role = link.role, target = link.target
            backward[Int(target)].append((role, source))
            initialise(target)
            var position = 0
            while position < propagations[Int(target)].count {
                let (leftRole, sup) = propagations[Int(target)][position]
                position += 1
                if leftRole == role { add(source, sup) }
            }
            if unsatisfiable[Int(target)] { add(source, ELReasoner.bottom) }
            for index in chainsByFirst.range(role) {
                let (second, sup) = chainsByFirst.values[index]
                var position = 0
                while position < forward[Int(target)].count {
                    let (nextRole, next) = forward[Int(target)][position]
                    position += 1
                    if nextRole == second { addLink(source, sup, next) }
                }
            }
            for index in chainsBySecond.range(role) {
                let (first, sup) = chainsBySecond.values[index]
                var position = 0
                while position < backward[Int(source)].count {
                    let (previousRole, previous) = backward[Int(source)][position]
                    position += 1
                    if previousRole == first { addLink(previous, sup, target) }
                }
            }
        }
    }
}

/// The normalised axioms indexed by the concept whose arrival fires them, with the positions of all
/// of a concept's lists side by side: saturation looks them up for every new subsumer, and one
/// cache line now answers what five separate index arrays did.
fileprivate struct RuleIndex {
    typealias Concept = ELReasoner.Concept
    typealias Role = ELReasoner.Role
    /// Lists per concept: told subsumers, conjunctions it triggers, right and left existentials,
    /// conjunctions it guards.
    private static let kinds = 5
    /// `offsets[kinds * c + k]` is where concept c's list of kind k starts; it ends where c + 1's starts.
    private let offsets: [Int32]
    let told: [Concept]
    let triggered: [(guard: Concept, sup: Concept)]
    let existsRight: [(role: Role, filler: Concept)]
    let existsLeft: [(role: Role, sup: Concept)]

    struct Spans {
        let told: Range<Int>
        let triggered: Range<Int>
        let existsRight: Range<Int>
        let existsLeft: Range<Int>
        /// Whether the concept guards some conjunction.
        let guards: Bool
    }

    init(told: FlatLists<Concept>, triggered: FlatLists<(guard: Concept, sup: Concept)>,
         existsRight: FlatLists<(role: Role, filler: Concept)>, existsLeft: FlatLists<(role: Role, sup: Concept)>,
         guarded: FlatLists<Concept>) {
        let count = told.starts.count
        var offsets = [Int32](repeating: 0, count: RuleIndex.kinds * count)
        for concept in 0..<count {
            let base = RuleIndex.kinds * concept
            offsets[base] = told.starts[concept]
            offsets[base + 1] = triggered.starts[concept]
            offsets[base + 2] = existsRight.starts[concept]
            offsets[base + 3] = existsLeft.starts[concept]
            offsets[base + 4] = guarded.starts[concept]
        }
        self.offsets = offsets
        self.told = told.values
        self.triggered = triggered.values
        self.existsRight = existsRight.values
        self.existsLeft = existsLeft.values
    }

    @inline(__always)
    func spans(of concept: Concept) -> Spans {
        let base = RuleIndex.kinds * Int(concept), next = base + RuleIndex.kinds
        return Spans(
            told: Int(offsets[base]) ..< Int(offsets[next]),
            triggered: Int(offsets[base + 1]) ..< Int(offsets[next + 1]),
            existsRight: Int(offsets[base + 2]) ..< Int(offsets[next + 2]),
            existsLeft: Int(offsets[base + 3]) ..< Int(offsets[next + 3]),
            guards: offsets[base + 4] != offsets[next + 4])
    }
}
