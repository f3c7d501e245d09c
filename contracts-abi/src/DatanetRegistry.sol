// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Community data repositories: datanets, their curators, contributions, reviews, consent
/// withdrawal and published versions (a Merkle root over the accepted contributions).
contract DatanetRegistry {
    enum ContributionStatus {
        None,
        Pending,
        Accepted,
        Rejected,
        Withdrawn
    }

    struct Datanet {
        address owner;
        string name;
        string category;
        string licence;
        uint32 versionCount;
        uint64 contributionCount;
        uint64 activeAcceptedCount;
    }

    struct Contribution {
        uint256 datanetId;
        address contributor;
        bytes32 contentHash;
        uint64 size;
        ContributionStatus status;
    }

    struct Version {
        bytes32 merkleRoot;
        uint64 contributionCount;
        uint64 publishedAtBlock;
    }

    uint256 public datanetCount;
    uint256 public contributionCount;
    mapping(uint256 => Datanet) private _datanets;
    mapping(uint256 => mapping(address => bool)) public isCurator;
    mapping(uint256 => Contribution) private _contributions;
    mapping(uint256 => mapping(uint32 => Version)) private _versions;

    event DatanetCreated(
        uint256 indexed datanetId, address indexed owner, string name, string category, string licence, string metadataURI
    );
    event CuratorAdded(uint256 indexed datanetId, address indexed curator);
    event CuratorRemoved(uint256 indexed datanetId, address indexed curator);
    event ContributionSubmitted(
        uint256 indexed contributionId,
        uint256 indexed datanetId,
        address indexed contributor,
        bytes32 contentHash,
        uint64 size,
        string uri
    );
    event ContributionReviewed(
        uint256 indexed contributionId, uint256 indexed datanetId, address indexed curator, bool accepted, string reason
    );
    event ContributionWithdrawn(uint256 indexed contributionId, uint256 indexed datanetId, address indexed contributor);
    event DatanetVersionPublished(
        uint256 indexed datanetId, uint32 indexed version, bytes32 merkleRoot, uint64 contributionCount, string manifestURI
    );

    error UnknownDatanet(uint256 datanetId);
    error UnknownContribution(uint256 contributionId);
    error UnknownDatanetVersion(uint256 datanetId, uint32 version);
    error NotDatanetOwner(uint256 datanetId, address caller);
    error NotCurator(uint256 datanetId, address caller);
    error NotContributor(uint256 contributionId, address caller);
    error CuratorAlreadySet(uint256 datanetId, address curator);
    error CuratorNotSet(uint256 datanetId, address curator);
    error ContributionNotPending(uint256 contributionId, ContributionStatus status);
    error ContributionAlreadyWithdrawn(uint256 contributionId);
    error EmptyContentHash();
    error EmptyName();
    error VersionCountMismatch(uint256 datanetId, uint64 expected, uint64 given);

    modifier onlyDatanetOwner(uint256 datanetId) {
        if (_datanets[datanetId].owner == address(0)) revert UnknownDatanet(datanetId);
        if (_datanets[datanetId].owner != msg.sender) revert NotDatanetOwner(datanetId, msg.sender);
        _;
    }

    function createDatanet(
        string calldata name,
        string calldata category,
        string calldata licence,
        string calldata metadataURI
    ) external returns (uint256 datanetId) {
        if (bytes(name).length == 0) revert EmptyName();
        datanetId = ++datanetCount;
        Datanet storage d = _datanets[datanetId];
        d.owner = msg.sender;
        d.name = name;
        d.category = category;
        d.licence = licence;
        emit DatanetCreated(datanetId, msg.sender, name, category, licence, metadataURI);
    }

    function addCurator(uint256 datanetId, address curator) external onlyDatanetOwner(datanetId) {
        if (isCurator[datanetId][curator]) revert CuratorAlreadySet(datanetId, curator);
        isCurator[datanetId][curator] = true;
        emit CuratorAdded(datanetId, curator);
    }

    function removeCurator(uint256 datanetId, address curator) external onlyDatanetOwner(datanetId) {
        if (!isCurator[datanetId][curator]) revert CuratorNotSet(datanetId, curator);
        isCurator[datanetId][curator] = false;
        emit CuratorRemoved(datanetId, curator);
    }

    function submitContribution(uint256 datanetId, bytes32 contentHash, uint64 size, string calldata uri)
        external
        returns (uint256 contributionId)
    {
        if (_datanets[datanetId].owner == address(0)) revert UnknownDatanet(datanetId);
        if (contentHash == bytes32(0)) revert EmptyContentHash();
        contributionId = ++contributionCount;
        _contributions[contributionId] = Contribution(datanetId, msg.sender, contentHash, size, ContributionStatus.Pending);
        _datanets[datanetId].contributionCount += 1;
        emit ContributionSubmitted(contributionId, datanetId, msg.sender, contentHash, size, uri);
    }

    function reviewContribution(uint256 contributionId, bool accepted, string calldata reason) external {
        Contribution storage c = _contributions[contributionId];
        if (c.status == ContributionStatus.None) revert UnknownContribution(contributionId);
        if (!isCurator[c.datanetId][msg.sender]) revert NotCurator(c.datanetId, msg.sender);
        if (c.status != ContributionStatus.Pending) revert ContributionNotPending(contributionId, c.status);
        c.status = accepted ? ContributionStatus.Accepted : ContributionStatus.Rejected;
        if (accepted) _datanets[c.datanetId].activeAcceptedCount += 1;
        emit ContributionReviewed(contributionId, c.datanetId, msg.sender, accepted, reason);
    }

    /// Consent withdrawal: the contribution leaves every future version and may no longer be
    /// attributed; models already trained on it keep the record of that.
    function withdrawContribution(uint256 contributionId) external {
        Contribution storage c = _contributions[contributionId];
        if (c.status == ContributionStatus.None) revert UnknownContribution(contributionId);
        if (c.contributor != msg.sender) revert NotContributor(contributionId, msg.sender);
        if (c.status == ContributionStatus.Withdrawn) revert ContributionAlreadyWithdrawn(contributionId);
        if (c.status == ContributionStatus.Accepted) _datanets[c.datanetId].activeAcceptedCount -= 1;
        c.status = ContributionStatus.Withdrawn;
        emit ContributionWithdrawn(contributionId, c.datanetId, msg.sender);
    }

    /// The root covers the accepted, not withdrawn contributions' content hashes in contribution
    /// id order; the count is checked here, the root by anyone holding the manifest.
    function publishVersion(uint256 datanetId, bytes32 merkleRoot, uint64 count, string calldata manifestURI)
        external
        onlyDatanetOwner(datanetId)
        returns (uint32 version)
    {
        Datanet storage d = _datanets[datanetId];
        if (count != d.activeAcceptedCount) revert VersionCountMismatch(datanetId, d.activeAcceptedCount, count);
        version = ++d.versionCount;
        _versions[datanetId][version] = Version(merkleRoot, count, uint64(block.number));
        emit DatanetVersionPublished(datanetId, version, merkleRoot, count, manifestURI);
    }

    function getDatanet(uint256 datanetId) external view returns (Datanet memory) {
        if (_datanets[datanetId].owner == address(0)) revert UnknownDatanet(datanetId);
        return _datanets[datanetId];
    }

    function getContribution(uint256 contributionId) external view returns (Contribution memory) {
        if (_contributions[contributionId].status == ContributionStatus.None) revert UnknownContribution(contributionId);
        return _contributions[contributionId];
    }

    function getVersion(uint256 datanetId, uint32 version) external view returns (Version memory) {
        if (version == 0 || version > _datanets[datanetId].versionCount) revert UnknownDatanetVersion(datanetId, version);
        return _versions[datanetId][version];
    }

    function contributionStatus(uint256 contributionId) external view returns (ContributionStatus) {
        return _contributions[contributionId].status;
    }

    function contributorOf(uint256 contributionId) external view returns (address) {
        return _contributions[contributionId].contributor;
    }

    function versionExists(uint256 datanetId, uint32 version) external view returns (bool) {
        return version != 0 && version <= _datanets[datanetId].versionCount;
    }
}
