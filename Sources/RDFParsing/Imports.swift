import RDFModel

/// `IRI` from RDFModel, under a name that does not clash with C types in this module.
typealias RDFModelIRI = IRI
