// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatanetRegistry} from "./DatanetRegistry.sol";

/// Model registry: models on a base model, training runs on exact datanet versions, OpenLoRA
/// adapters per run, and the model's lifecycle status.
contract ModelFactory {
    enum ModelStatus {
        Draft,
        Published,
        Deprecated
    }

    struct Model {
        address owner;
        string name;
        string baseModel;
        ModelStatus status;
        uint256 latestRunId;
        uint64 runCount;
    }

    struct TrainingRun {
        uint256 modelId;
        bytes32 weightsHash;
        bytes32 configHash;
    }

    struct Adapter {
        uint256 modelId;
        uint256 runId;
        bytes32 adapterHash;
    }

    DatanetRegistry public immutable registry;
    uint256 public modelCount;
    uint256 public runCount;
    uint256 public adapterCount;
    mapping(uint256 => Model) private _models;
    mapping(uint256 => TrainingRun) private _runs;
    mapping(uint256 => Adapter) private _adapters;

    event ModelRegistered(uint256 indexed modelId, address indexed owner, string name, string baseModel, string metadataURI);
    event TrainingRunRecorded(
        uint256 indexed runId,
        uint256 indexed modelId,
        uint256[] datanetIds,
        uint32[] datanetVersions,
        bytes32 weightsHash,
        bytes32 configHash,
        string uri
    );
    event AdapterPublished(
        uint256 indexed adapterId, uint256 indexed modelId, uint256 indexed runId, bytes32 adapterHash, string name
    );
    event ModelStatusChanged(uint256 indexed modelId, ModelStatus previousStatus, ModelStatus newStatus);

    error UnknownModel(uint256 modelId);
    error UnknownRun(uint256 runId);
    error UnknownAdapter(uint256 adapterId);
    error NotModelOwner(uint256 modelId, address caller);
    error DatanetVersionsLengthMismatch(uint256 datanets, uint256 versions);
    error NoTrainingData();
    error UnknownDatanetVersion(uint256 datanetId, uint32 version);
    error EmptyWeightsHash();
    error EmptyName();
    error NoTrainingRun(uint256 modelId);
    error InvalidStatusTransition(uint256 modelId, ModelStatus from, ModelStatus to);

    constructor(DatanetRegistry registry_) {
        registry = registry_;
    }

    modifier onlyModelOwner(uint256 modelId) {
        if (_models[modelId].owner == address(0)) revert UnknownModel(modelId);
        if (_models[modelId].owner != msg.sender) revert NotModelOwner(modelId, msg.sender);
        _;
    }

    function registerModel(string calldata name, string calldata baseModel, string calldata metadataURI)
        external
        returns (uint256 modelId)
    {
        if (bytes(name).length == 0) revert EmptyName();
        modelId = ++modelCount;
        Model storage m = _models[modelId];
        m.owner = msg.sender;
        m.name = name;
        m.baseModel = baseModel;
        emit ModelRegistered(modelId, msg.sender, name, baseModel, metadataURI);
    }

    function recordTrainingRun(
        uint256 modelId,
        uint256[] calldata datanetIds,
        uint32[] calldata datanetVersions,
        bytes32 weightsHash,
        bytes32 configHash,
        string calldata uri
    ) external onlyModelOwner(modelId) returns (uint256 runId) {
        if (datanetIds.length != datanetVersions.length) {
            revert DatanetVersionsLengthMismatch(datanetIds.length, datanetVersions.length);
        }
        if (datanetIds.length == 0) revert NoTrainingData();
        if (weightsHash == bytes32(0)) revert EmptyWeightsHash();
        for (uint256 i = 0; i < datanetIds.length; i++) {
            if (!registry.versionExists(datanetIds[i], datanetVersions[i])) {
                revert UnknownDatanetVersion(datanetIds[i], datanetVersions[i]);
            }
        }
        runId = ++runCount;
        _runs[runId] = TrainingRun(modelId, weightsHash, configHash);
        Model storage m = _models[modelId];
        m.latestRunId = runId;
        m.runCount += 1;
        emit TrainingRunRecorded(runId, modelId, datanetIds, datanetVersions, weightsHash, configHash, uri);
    }

    function publishAdapter(uint256 runId, bytes32 adapterHash, string calldata name)
        external
        returns (uint256 adapterId)
    {
        TrainingRun storage r = _runs[runId];
        if (r.modelId == 0) revert UnknownRun(runId);
        if (_models[r.modelId].owner != msg.sender) revert NotModelOwner(r.modelId, msg.sender);
        if (adapterHash == bytes32(0)) revert EmptyWeightsHash();
        adapterId = ++adapterCount;
        _adapters[adapterId] = Adapter(r.modelId, runId, adapterHash);
        emit AdapterPublished(adapterId, r.modelId, runId, adapterHash, name);
    }

    /// Draft -> Published (needs a run), Published -> Deprecated, Deprecated -> Published.
    function setModelStatus(uint256 modelId, ModelStatus status) external onlyModelOwner(modelId) {
        Model storage m = _models[modelId];
        ModelStatus from = m.status;
        bool allowed = (from == ModelStatus.Draft && status == ModelStatus.Published)
            || (from == ModelStatus.Published && status == ModelStatus.Deprecated)
            || (from == ModelStatus.Deprecated && status == ModelStatus.Published);
        if (!allowed) revert InvalidStatusTransition(modelId, from, status);
        if (status == ModelStatus.Published && m.runCount == 0) revert NoTrainingRun(modelId);
        m.status = status;
        emit ModelStatusChanged(modelId, from, status);
    }

    function getModel(uint256 modelId) external view returns (Model memory) {
        if (_models[modelId].owner == address(0)) revert UnknownModel(modelId);
        return _models[modelId];
    }

    function getRun(uint256 runId) external view returns (TrainingRun memory) {
        if (_runs[runId].modelId == 0) revert UnknownRun(runId);
        return _runs[runId];
    }

    function getAdapter(uint256 adapterId) external view returns (Adapter memory) {
        if (_adapters[adapterId].modelId == 0) revert UnknownAdapter(adapterId);
        return _adapters[adapterId];
    }
}
