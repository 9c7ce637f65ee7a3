import { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Connection } from 'mongoose';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { AppConfig } from '../src/config/app-config';
import { configureApp } from '../src/app.factory';
import { testDatabaseUri, testEnvironment } from './test-environment';

describe('health (integration, FerretDB)', () => {
  let app: INestApplication;
  let connection: Connection;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(AppConfig)
      .useValue(AppConfig.fromEnvironment(testEnvironment({ MONGODB_URI: testDatabaseUri('health') })))
      .compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    configureApp(app);
    await app.init();
    connection = app.get(getConnectionToken());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers /health/live without a token', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
  });

  it('answers /health/ready 200 while MongoDB answers', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.info.mongodb.status).toBe('up');
  });

  it('writes to and reads from the MongoDB-wire server through Mongoose', async () => {
    const probes = connection.collection('foundation_probe');
    await probes.insertOne({ probe: 'written', at: new Date() });
    const found = await probes.findOne({ probe: 'written' });
    expect(found?.probe).toBe('written');
  });

  it('answers /health/ready 503 once MongoDB stops answering', async () => {
    await connection.close(true);
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body.error.mongodb.status).toBe('down');
  });
});
